package io.renderowl.infra.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class WorkflowQueriesTest {
  private static final Duration BOUND = Duration.ofSeconds(10);

  @Test
  void aQueryIsAnsweredWhileTheCommonPoolIsBusy() throws Exception {
    // a progress query the server held once kept the common pool's one thread (two cores) for 5 s,
    // and whatever else ran there waited; queries have threads of their own
    ForkJoinPool pool = ForkJoinPool.commonPool();
    int threads = pool.getParallelism();
    CountDownLatch holding = new CountDownLatch(threads);
    AtomicBoolean released = new AtomicBoolean();
    for (int i = 0; i < threads; i++) {
      pool.execute(() -> {
        holding.countDown();
        while (!released.get()) {
          try {
            Thread.sleep(5);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
    }
    try {
      assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(new WorkflowQueries<String>().ask("run-1", () -> "answer", BOUND, null))
          .contains("answer");
    } finally {
      released.set(true);
    }
  }

  @Test
  void aPollWhileTheLastQueryIsUnansweredWaitsForItInsteadOfSendingAnother() throws Exception {
    WorkflowQueries<Integer> queries = new WorkflowQueries<>();
    CountDownLatch answer = new CountDownLatch(1);
    AtomicInteger sent = new AtomicInteger();
    java.util.function.Supplier<Integer> held =
        () -> {
          int n = sent.incrementAndGet();
          try {
            answer.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return n;
        };

    assertThat(queries.ask("run-1", held, Duration.ofMillis(50), null)).isEmpty();
    assertThat(queries.ask("run-1", held, Duration.ofMillis(50), null)).isEmpty();
    assertThat(sent).hasValue(1);
    assertThat(queries.inFlight()).isEqualTo(1);
    // another workflow is asked on its own
    assertThat(queries.ask("run-2", () -> 42, BOUND, null)).contains(42);

    // a poll that waits long enough gets the answer of the query already sent
    Thread releaser = onceThisThreadWaits(answer::countDown);
    assertThat(queries.ask("run-1", held, BOUND, null)).contains(1);
    releaser.join(10_000);
    assertThat(sent).hasValue(1);
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> queries.inFlight() == 0);
    // answered: the next poll sends a new query
    assertThat(queries.ask("run-1", held, BOUND, null)).contains(2);
  }

  @Test
  void theWaitEndsWhenTheWorkflowCloses() throws Exception {
    // a held query must not keep a status loop from seeing the run's end
    WorkflowQueries<String> queries = new WorkflowQueries<>();
    CountDownLatch answer = new CountDownLatch(1);
    CompletableFuture<Object> ended = new CompletableFuture<>();
    Thread closer = onceThisThreadWaits(() -> ended.complete("closed"));
    try {
      // a bound past the class's timeout: only the workflow's end can end this wait
      Optional<String> asked =
          queries.ask(
              "run-1",
              () -> {
                try {
                  answer.await(120, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                return "late";
              },
              Duration.ofMinutes(10),
              ended);
      assertThat(asked).isEmpty();
      assertThat(queries.inFlight()).isEqualTo(1);
      closer.join(10_000);
    } finally {
      answer.countDown();
    }
  }

  @Test
  void aFailedQueryOrAnInterruptedWaitGivesNoAnswer() {
    WorkflowQueries<String> queries = new WorkflowQueries<>();
    assertThat(
            queries.ask(
                "run-1",
                () -> {
                  throw new IllegalStateException("no worker");
                },
                BOUND,
                null))
        .isEmpty();

    Thread.currentThread().interrupt();
    try {
      Optional<String> asked =
          queries.ask(
              "run-2",
              () -> {
                try {
                  Thread.sleep(5_000);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                return "late";
              },
              BOUND,
              null);
      assertThat(asked).isEmpty();
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  /** Runs {@code action} on another thread once the calling thread waits with a timeout. */
  private static Thread onceThisThreadWaits(Runnable action) {
    Thread waiter = Thread.currentThread();
    return Thread.ofPlatform()
        .start(() -> {
          while (waiter.getState() != Thread.State.TIMED_WAITING) {
            Thread.onSpinWait();
          }
          action.run();
        });
  }
}
