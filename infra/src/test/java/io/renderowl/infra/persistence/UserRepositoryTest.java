package io.renderowl.infra.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.jdbc.core.simple.JdbcClient;

@Timeout(
    value = 2,
    unit =
        TimeUnit
            .MINUTES) // embedded PostgreSQL (a child process) shared through TestDatabase; seconds
class UserRepositoryTest {

  private static DataSource dataSource;
  private static UserRepository users;

  @BeforeAll
  static void migrate() {
    dataSource = TestDatabase.migrated();
    users = new UserRepository(dataSource);
  }

  @Test
  void ensureUserCreatesOnceAndGrantsTheInitialCreditsOnce() {
    String clerkId = "user_" + UUID.randomUUID();

    UUID created = users.ensureUser(clerkId, clerkId + "@example.test", "Ada", 50);
    UUID again = users.ensureUser(clerkId, clerkId + "@example.test", null, 50);

    assertThat(again).isEqualTo(created);
    assertThat(users.creditsBalance(created)).isEqualTo(50);
    assertThat(new CreditRepository(dataSource).findByUser(created))
        .singleElement()
        .satisfies(grant -> assertThat(grant.type()).isEqualTo("grant"))
        .satisfies(grant -> assertThat(grant.amount()).isEqualTo(50));
    assertThat(users.findById(created))
        .hasValueSatisfying(user -> assertThat(user.name()).isEqualTo("Ada"))
        .hasValueSatisfying(user -> assertThat(user.clerkId()).isEqualTo(clerkId));
  }

  @Test
  void apiTokensAreStoredHashedAndResolveToTheirOwnUser() {
    UUID alice = Users.newUser(dataSource, 0);
    UUID bob = Users.newUser(dataSource, 0);
    String aliceToken = "tok-" + UUID.randomUUID();
    String bobToken = "tok-" + UUID.randomUUID();

    users.ensureApiToken(alice, "cli", aliceToken);
    users.ensureApiToken(alice, "cli", aliceToken);
    users.ensureApiToken(bob, "cli", bobToken);

    assertThat(users.findUserIdByApiToken(aliceToken)).contains(alice);
    assertThat(users.findUserIdByApiToken(bobToken)).contains(bob);
    assertThat(users.findUserIdByApiToken("unknown")).isEmpty();
    assertThat(storedTokenHashesOf(alice)).containsExactly(UserRepository.sha256Hex(aliceToken));
    assertThatThrownBy(() -> users.ensureApiToken(bob, "stolen", aliceToken))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void revokedTokensDoNotResolve() {
    UUID user = Users.newUser(dataSource, 0);
    String token = "tok-" + UUID.randomUUID();
    users.ensureApiToken(user, "cli", token);

    JdbcClient.create(dataSource)
        .sql("UPDATE api_tokens SET revoked_at = NOW() WHERE user_id = :user")
        .param("user", user)
        .update();

    assertThat(users.findUserIdByApiToken(token)).isEmpty();
  }

  private static List<String> storedTokenHashesOf(UUID user) {
    return JdbcClient.create(dataSource)
        .sql("SELECT token_sha256 FROM api_tokens WHERE user_id = :user")
        .param("user", user)
        .query(String.class)
        .list();
  }
}
