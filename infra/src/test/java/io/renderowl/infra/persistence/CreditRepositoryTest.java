package io.renderowl.infra.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(
    value = 2,
    unit =
        TimeUnit
            .MINUTES) // embedded PostgreSQL (a child process) shared through TestDatabase; seconds
class CreditRepositoryTest {

  private static DataSource dataSource;
  private static CreditRepository credits;
  private static UserRepository users;

  @BeforeAll
  static void migrate() {
    dataSource = TestDatabase.migrated();
    credits = new CreditRepository(dataSource);
    users = new UserRepository(dataSource);
  }

  @Test
  void chargeOnceChargesOncePerKey() {
    UUID user = Users.newUser(dataSource, 100);
    String key = "run:" + UUID.randomUUID();

    assertThat(credits.chargeOnce(user, 30, "video render", key, "{\"seconds\": 60}")).isTrue();
    assertThat(credits.chargeOnce(user, 30, "video render", key, "{\"seconds\": 60}")).isFalse();

    assertThat(users.creditsBalance(user)).isEqualTo(70);
    assertThat(credits.findByUser(user))
        .filteredOn(t -> t.type().equals("deduction"))
        .singleElement()
        .satisfies(t -> assertThat(t.amount()).isEqualTo(-30))
        .satisfies(t -> assertThat(t.idempotencyKey()).isEqualTo(key));
  }

  @Test
  void chargesOfDifferentUsersStaySeparate() {
    UUID alice = Users.newUser(dataSource, 100);
    UUID bob = Users.newUser(dataSource, 100);

    credits.chargeOnce(alice, 10, "render", "run:" + UUID.randomUUID(), null);
    credits.chargeOnce(alice, 15, "render", "run:" + UUID.randomUUID(), null);
    credits.chargeOnce(bob, 40, "render", "run:" + UUID.randomUUID(), null);

    assertThat(users.creditsBalance(alice)).isEqualTo(75);
    assertThat(users.creditsBalance(bob)).isEqualTo(60);
    assertThat(credits.findByUser(alice)).hasSize(3).allMatch(t -> t.userId().equals(alice));
  }
}
