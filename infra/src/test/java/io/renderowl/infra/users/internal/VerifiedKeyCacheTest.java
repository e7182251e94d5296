package io.renderowl.infra.users.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderowl.infra.persistence.TestDatabase;
import io.renderowl.infra.users.Account;
import io.renderowl.infra.users.NewApiKey;
import io.renderowl.infra.users.Role;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

// embedded PostgreSQL (a child process) shared through TestDatabase; seconds
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class VerifiedKeyCacheTest {
  private static DataSource dataSource;
  private static JdbcAccounts accounts;

  @BeforeAll
  static void migrate() {
    dataSource = TestDatabase.migrated();
    accounts = new JdbcAccounts(dataSource, new BCryptPasswordEncoder(4));
  }

  private static Account newUser() {
    return accounts.register(
        "cache-" + UUID.randomUUID() + "@keys.test", "a long password", "Cache", Role.USER);
  }

  private static OffsetDateTime lastUsed(NewApiKey key) {
    return JdbcClient.create(dataSource)
        .sql("SELECT last_used_at FROM api_tokens WHERE id = :id")
        .param("id", key.key().id())
        .query(OffsetDateTime.class)
        .single();
  }

  @Test
  void aKeyVerifiedOnceIsTrustedWithoutWritingItsRowAgain() {
    NewApiKey key = accounts.createApiKey(newUser().id(), "cache test");

    assertThat(accounts.ownerOfKey(key.secret())).isPresent();
    OffsetDateTime first = lastUsed(key);
    assertThat(accounts.ownerOfKey(key.secret())).isPresent();

    assertThat(first).isNotNull();
    assertThat(lastUsed(key)).as("the second request did not write the row").isEqualTo(first);
  }

  @Test
  void aRevokedKeyIsRefusedAtOnceThoughItWasCached() {
    Account owner = newUser();
    NewApiKey key = accounts.createApiKey(owner.id(), "cache test");
    assertThat(accounts.ownerOfKey(key.secret())).isPresent();

    assertThat(accounts.revokeApiKey(owner.id(), key.key().id())).isTrue();

    assertThat(accounts.ownerOfKey(key.secret())).isEmpty();
  }

  @Test
  void aDisabledUsersCachedKeyIsRefusedAtOnce() {
    Account owner = newUser();
    NewApiKey key = accounts.createApiKey(owner.id(), "cache test");
    assertThat(accounts.ownerOfKey(key.secret())).isPresent();

    assertThat(accounts.disable(owner.email())).isTrue();

    assertThat(accounts.ownerOfKey(key.secret())).isEmpty();
  }

  @Test
  void anUnknownKeyIsRefused() {
    assertThat(accounts.ownerOfKey("owl_" + UUID.randomUUID())).isEmpty();
  }
}
