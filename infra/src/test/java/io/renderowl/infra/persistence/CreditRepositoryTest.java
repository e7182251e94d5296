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

  @Test
  void aReservationIsRefusedWhenTheAvailableCreditsDoNotCoverIt() {
    UUID user = Users.newUser(dataSource, 20);

    assertThat(credits.reserve(user, "run-a-" + UUID.randomUUID(), 15, "a"))
        .isEqualTo(new ReserveOutcome(true, 15, 5));
    assertThat(credits.reserve(user, "run-b-" + UUID.randomUUID(), 6, "b"))
        .isEqualTo(new ReserveOutcome(false, 6, 5));
    assertThat(credits.balance(user)).isEqualTo(new CreditBalance(20, 15));
  }

  @Test
  void stepsAreChargedOnceEachAndNeverBeyondTheReservation() {
    UUID user = Users.newUser(dataSource, 20);
    String run = "run-" + UUID.randomUUID();
    credits.reserve(user, run, 10, "run");

    assertThat(credits.capture(run, "script", 4, "script")).isEqualTo(4);
    assertThat(credits.capture(run, "script", 4, "script")).isZero(); // retried
    assertThat(credits.capture(run, "render", 9, "render")).isEqualTo(6); // capped
    assertThat(credits.balance(user)).isEqualTo(new CreditBalance(10, 0));
    assertThat(credits.settle(run)).contains(0);
    assertThat(credits.settle(run)).isEmpty();
    assertThat(credits.capture(run, "publish", 1, "late")).isZero(); // settled: nothing more
    assertThat(credits.ledgerSum(user)).isEqualTo(10);
  }

  @Test
  void aSettledRunReleasesTheRestAndIsNeverRefunded() {
    UUID user = Users.newUser(dataSource, 20);
    String run = "run-" + UUID.randomUUID();
    credits.reserve(user, run, 10, "run");
    credits.capture(run, "render", 3, "render");

    assertThat(credits.settle(run)).contains(7);
    assertThat(credits.refundAndRelease(run, "late failure")).isZero();
    assertThat(credits.balance(user)).isEqualTo(new CreditBalance(17, 0));
    assertThat(credits.ledgerSum(user)).isEqualTo(17);
  }

  @Test
  void anUndeliveredRunIsRefundedOnceAndReleased() {
    UUID user = Users.newUser(dataSource, 20);
    String run = "run-" + UUID.randomUUID();
    credits.reserve(user, run, 10, "run");
    credits.capture(run, "script", 2, "script");
    credits.capture(run, "render", 3, "render");

    assertThat(credits.refundAndRelease(run, "failed")).isEqualTo(5);
    assertThat(credits.refundAndRelease(run, "failed again")).isZero();
    assertThat(credits.balance(user)).isEqualTo(new CreditBalance(20, 0));
    assertThat(credits.reservation(run).orElseThrow().state()).isEqualTo("released");
    assertThat(credits.findByUser(user))
        .filteredOn(t -> t.type().equals("refund"))
        .extracting(CreditTransactionRow::idempotencyKey)
        .containsExactlyInAnyOrder(
            "refund:run:" + run + ":script", "refund:run:" + run + ":render");
    assertThat(credits.ledgerSum(user)).isEqualTo(20);
  }

  @Test
  void concurrentReservationsNeverTogetherExceedTheBalance() throws Exception {
    UUID user = Users.newUser(dataSource, 25);
    int attempts = 16;
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      java.util.List<java.util.concurrent.Future<ReserveOutcome>> outcomes =
          new java.util.ArrayList<>();
      for (int i = 0; i < attempts; i++) {
        String run = "run-" + UUID.randomUUID();
        outcomes.add(pool.submit(() -> credits.reserve(user, run, 4, "concurrent")));
      }
      int reserved = 0;
      for (var f : outcomes) {
        if (f.get(1, TimeUnit.MINUTES).reserved()) {
          reserved++;
        }
      }

      assertThat(reserved).isEqualTo(6); // 6 x 4 = 24 <= 25 < 28
      assertThat(credits.balance(user)).isEqualTo(new CreditBalance(25, 24));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void grantsPurchasesAndImmediateChargesKeepTheLedgerEqualToTheBalance() {
    UUID user = Users.newUser(dataSource, 5);

    assertThat(credits.add(user, "grant", 10, "operator", "grant:" + user, null)).isTrue();
    assertThat(credits.add(user, "grant", 10, "operator", "grant:" + user, null)).isFalse();
    assertThat(credits.add(user, "purchase", 100, "pack", "stripe-event:" + user, null)).isTrue();
    String key = "ai:" + UUID.randomUUID();
    assertThat(credits.chargeNow(user, 3, "AI call", key).reserved()).isTrue();
    assertThat(credits.chargeNow(user, 3, "AI call", key).reserved()).isTrue(); // same key
    assertThat(credits.refundCharge(key, "failed")).isEqualTo(3);
    assertThat(credits.refundCharge(key, "failed")).isZero();
    assertThat(credits.chargeNow(user, 1000, "too much", "ai:" + UUID.randomUUID()))
        .isEqualTo(new ReserveOutcome(false, 1000, 115));

    assertThat(credits.balance(user)).isEqualTo(new CreditBalance(115, 0));
    assertThat(credits.ledgerSum(user)).isEqualTo(115);
  }

  @Test
  void theBalanceCannotGoBelowZeroEvenByHand() {
    UUID user = Users.newUser(dataSource, 5);

    org.assertj.core.api.Assertions.assertThatThrownBy(() ->
            org.springframework.jdbc.core.simple.JdbcClient.create(dataSource)
                .sql("UPDATE users SET credits_balance = -1 WHERE id = :id")
                .param("id", user)
                .update())
        .hasMessageContaining("chk_users_credits_balance_not_negative");
  }
}
