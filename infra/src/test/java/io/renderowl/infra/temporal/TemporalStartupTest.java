package io.renderowl.infra.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TemporalStartupTest {
  private static final TemporalStartup.Backoff FAST =
      new TemporalStartup.Backoff(Duration.ofMillis(20), Duration.ofMillis(80));

  @Test
  void theBackoffDoublesUpToItsBound() {
    TemporalStartup.Backoff backoff = TemporalStartup.Backoff.DEFAULT;
    assertThat(List.of(1, 2, 3, 4, 5, 6, 7, 50).stream().map(backoff::after).toList())
        .containsExactly(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8),
            Duration.ofSeconds(16),
            Duration.ofSeconds(30),
            Duration.ofSeconds(30),
            Duration.ofSeconds(30));
  }

  @Test
  void aBackoffWithoutAPauseIsRefused() {
    assertThatThrownBy(() -> new TemporalStartup.Backoff(Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0 < first <= max");
  }

  @Test
  void aStepThatSucceedsAtOnceLeavesNothingWaiting() {
    try (TemporalStartup startup = new TemporalStartup("127.0.0.1:1", FAST)) {
      AtomicInteger calls = new AtomicInteger();
      startup.run("the gate", calls::incrementAndGet);
      assertThat(calls).hasValue(1);
      assertThat(startup.waiting()).isEmpty();
    }
  }

  @Test
  void aFailingStepIsRetriedUntilItSucceedsAndLaterStepsWaitBehindIt() {
    try (TemporalStartup startup = new TemporalStartup("127.0.0.1:1", FAST)) {
      AtomicInteger gateCalls = new AtomicInteger();
      AtomicBoolean temporalUp = new AtomicBoolean();
      List<String> order = new CopyOnWriteArrayList<>();
      startup.run(
          "the gate",
          () -> {
            gateCalls.incrementAndGet();
            if (!temporalUp.get()) {
              throw Status.UNAVAILABLE.withDescription("io exception").asRuntimeException();
            }
            order.add("gate");
          });
      startup.run("the workers", () -> order.add("workers"));

      TemporalStartup.Waiting waiting = startup.waiting().orElseThrow();
      assertThat(waiting.what()).isEqualTo("the gate");
      assertThat(waiting.lastError()).contains("UNAVAILABLE: io exception");
      await().atMost(Duration.ofSeconds(10)).until(() -> gateCalls.get() >= 3);
      assertThat(order).isEmpty();
      assertThat(startup.waiting().orElseThrow().failures()).isGreaterThanOrEqualTo(2);

      temporalUp.set(true);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(order).containsExactly("gate", "workers"));
      assertThat(startup.waiting()).isEmpty();
    }
  }

  @Test
  void closingStopsTheRetries() throws InterruptedException {
    AtomicInteger calls = new AtomicInteger();
    TemporalStartup startup = new TemporalStartup("127.0.0.1:1", FAST);
    startup.run(
        "the workers",
        () -> {
          calls.incrementAndGet();
          throw new IllegalStateException("DEADLINE_EXCEEDED");
        });
    await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() >= 2);
    startup.close();
    int afterClose = calls.get();
    Thread.sleep(300);
    assertThat(calls.get()).isLessThanOrEqualTo(afterClose + 1);
    assertThat(startup.waiting()).isEmpty();
  }
}
