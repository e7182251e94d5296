package io.renderowl.infra.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.renderowl.infra.metrics.RenderowlMeters;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every credit movement written to the ledger is counted once, by kind, in renderowl.credits. */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // embedded PostgreSQL shared through TestDatabase
class CreditMetersTest {
  private static DataSource dataSource;

  private SimpleMeterRegistry registry;
  private CreditRepository credits;

  @BeforeAll
  static void migrate() {
    dataSource = TestDatabase.migrated();
  }

  @BeforeEach
  void countIntoAFreshRegistry() {
    registry = new SimpleMeterRegistry();
    credits = new CreditRepository(dataSource, new RenderowlMeters(registry));
  }

  @Test
  void aReservedRunCountsItsReservationCapturesAndRefundsOnce() {
    UUID user = Users.newUser(dataSource, 100);
    String run = "run-" + UUID.randomUUID();

    credits.reserve(user, run, 30, "run");
    credits.reserve(user, run, 30, "run"); // the same run: nothing new
    credits.capture(run, "script", 12, "script");
    credits.capture(run, "script", 12, "script"); // a retried step
    credits.refundAndRelease(run, "failed");
    credits.refundAndRelease(run, "failed");

    assertThat(count("reserved")).isEqualTo(30);
    assertThat(count("captured")).isEqualTo(12);
    assertThat(count("refunded")).isEqualTo(12);
  }

  @Test
  void aDeliveredRunCountsWhatItsSettlementReleased() {
    UUID user = Users.newUser(dataSource, 100);
    String run = "run-" + UUID.randomUUID();

    credits.reserve(user, run, 20, "run");
    credits.capture(run, "render", 5, "render");
    credits.settle(run);
    credits.settle(run);

    assertThat(count("released")).isEqualTo(15);
    assertThat(count("refunded")).isZero();
  }

  @Test
  void immediateChargesGrantsAndTheirRefundsAreCountedOncePerKey() {
    UUID user = Users.newUser(dataSource, 100);
    String key = "ai:" + UUID.randomUUID();

    credits.chargeNow(user, 7, "ai image", key);
    credits.chargeNow(user, 7, "ai image", key);
    credits.chargeNow(user, 1000, "too much", "ai:" + UUID.randomUUID()); // refused
    credits.refundCharge(key, "provider failed");
    credits.refundCharge(key, "provider failed");
    credits.add(user, "grant", 50, "welcome", "grant:" + UUID.randomUUID(), null);
    credits.chargeOnce(user, 3, "legacy run", "run:" + UUID.randomUUID(), null);

    assertThat(count("charged")).isEqualTo(10);
    assertThat(count("refunded")).isEqualTo(7);
    assertThat(count("granted")).isEqualTo(50);
  }

  private double count(String kind) {
    Counter counter = registry.find(RenderowlMeters.CREDITS).tag("kind", kind).counter();
    return counter == null ? 0 : counter.count();
  }
}
