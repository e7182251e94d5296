package io.renderowl.infra.users.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderowl.infra.persistence.CreditRepository;
import io.renderowl.infra.persistence.CreditTransactionRow;
import io.renderowl.infra.persistence.TestDatabase;
import io.renderowl.infra.users.Account;
import io.renderowl.infra.users.Role;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** Registration's sign-up grant and the password hashes (Argon2id, bcrypt upgraded on sign-in). */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // embedded PostgreSQL shared through TestDatabase
class JdbcAccountsTest {
  private static final String PASSWORD = "correct horse battery";

  private static DataSource dataSource;
  private static CreditRepository credits;

  @BeforeAll
  static void migrate() {
    dataSource = TestDatabase.migrated();
    credits = new CreditRepository(dataSource);
  }

  private static String email() {
    return "acct-" + UUID.randomUUID() + "@example.test";
  }

  private static String hashOf(UUID user) {
    return JdbcClient.create(dataSource)
        .sql("SELECT password_hash FROM users WHERE id = :id")
        .param("id", user)
        .query(String.class)
        .single();
  }

  @Test
  void aRegisteredAccountIsGrantedTheSignUpCreditsOnceAsALedgerRow() {
    JdbcAccounts accounts = new JdbcAccounts(dataSource, PasswordHashing.encoder(), credits, 25);

    Account account = accounts.register(email(), PASSWORD, "New", Role.USER);

    assertThat(credits.findByUser(account.id()))
        .singleElement()
        .satisfies(t -> {
          assertThat(t.type()).isEqualTo("grant");
          assertThat(t.amount()).isEqualTo(25);
          assertThat(t.idempotencyKey()).isEqualTo("signup:" + account.id());
        });
    assertThat(credits.balance(account.id()).balance()).isEqualTo(25);
    assertThat(credits.ledgerSum(account.id())).isEqualTo(25);
    // The key is the user's: granting it again (a retried registration step) adds nothing.
    assertThat(
            credits.add(account.id(), "grant", 25, "sign-up grant", "signup:" + account.id(), null))
        .isFalse();
    assertThat(credits.balance(account.id()).balance()).isEqualTo(25);
  }

  @Test
  void aZeroSignUpGrantWritesNoLedgerRow() {
    JdbcAccounts accounts = new JdbcAccounts(dataSource, PasswordHashing.encoder(), credits, 0);

    Account account = accounts.register(email(), PASSWORD, null, Role.USER);

    assertThat(credits.findByUser(account.id())).extracting(CreditTransactionRow::type).isEmpty();
    assertThat(credits.balance(account.id()).balance()).isZero();
  }

  @Test
  void newPasswordsAreHashedWithArgon2id() {
    JdbcAccounts accounts = new JdbcAccounts(dataSource, PasswordHashing.encoder(), credits, 0);
    String email = email();

    Account account = accounts.register(email, PASSWORD, null, Role.USER);

    assertThat(hashOf(account.id())).startsWith("{argon2}$argon2id$");
    assertThat(accounts.checkPassword(email, PASSWORD)).isPresent();
    assertThat(accounts.checkPassword(email, "wrong password!")).isEmpty();
  }

  @Test
  void aBcryptHashStillVerifiesAndIsUpgradedToArgon2idOnTheNextSuccessfulSignIn() {
    // An account registered before Argon2: a plain bcrypt hash, as the old encoder stored it.
    String email = email();
    Account account =
        new JdbcAccounts(dataSource, new BCryptPasswordEncoder(), credits, 0)
            .register(email, PASSWORD, null, Role.USER);
    String bcrypt = hashOf(account.id());
    assertThat(bcrypt).startsWith("$2a$");
    JdbcAccounts accounts = new JdbcAccounts(dataSource, PasswordHashing.encoder(), credits, 0);

    assertThat(accounts.checkPassword(email, "not the password")).isEmpty();
    assertThat(hashOf(account.id())).as("a failed sign-in changes nothing").isEqualTo(bcrypt);

    assertThat(accounts.checkPassword(email, PASSWORD)).map(Account::id).contains(account.id());
    String upgraded = hashOf(account.id());
    assertThat(upgraded).startsWith("{argon2}$argon2id$");

    // The upgraded hash verifies, and is not rehashed again.
    assertThat(accounts.checkPassword(email, PASSWORD)).isPresent();
    assertThat(hashOf(account.id())).isEqualTo(upgraded);
  }
}
