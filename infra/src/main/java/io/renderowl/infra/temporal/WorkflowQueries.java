package io.renderowl.infra.temporal;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress queries to running workflows, each bounded by the caller's wait, on threads of their
 * own, and at most one in flight per workflow: a status poll that comes while the last query is
 * still unanswered waits for that query instead of sending another.
 *
 * <p>A query needs the worker that holds the workflow, and the server can hold it: on the dev
 * server (1.29.1) one progress query of a demo in about 400 waited 5.04 s, the sticky queue's
 * schedule-to-start timeout, before the server sent it to the workflow's task queue (2026-12-07,
 * the workflow's next task then went to the task queue, not the sticky one). The caller stops
 * waiting at its bound, but the query goes on. On the JVM's common pool, one thread on two cores,
 * such a query held up whatever else ran there: the render's poster task waited behind one at a
 * render's end, 0.35-4.05 s added to the render.
 */
public final class WorkflowQueries<T> {
  private static final Logger TIMINGS = LoggerFactory.getLogger("io.renderowl.timings");
  private static final ExecutorService THREADS =
      Executors.newCachedThreadPool(
          Thread.ofPlatform().name("renderowl-query-", 0).daemon().factory());

  private final ConcurrentHashMap<String, CompletableFuture<T>> inFlight =
      new ConcurrentHashMap<>();

  /**
   * The answer of {@code query} to {@code workflowId} when it comes within {@code bound}; empty
   * when it does not, when it fails or when this thread is interrupted (which stays set). The wait
   * also ends when {@code ended} completes (the workflow closed: its end, not its progress, is what
   * the caller waits for; null: no such end). A query the server held once kept a demo's status
   * loop from seeing the run's end for a second.
   */
  public Optional<T> ask(
      String workflowId, Supplier<T> query, Duration bound, @Nullable CompletableFuture<?> ended) {
    CompletableFuture<T> answer =
        inFlight.computeIfAbsent(
            workflowId, id -> CompletableFuture.supplyAsync(timed(id, query), THREADS));
    answer.whenComplete((r, e) -> inFlight.remove(workflowId, answer));
    try {
      (ended == null ? answer : CompletableFuture.anyOf(answer, ended))
          .get(bound.toMillis(), TimeUnit.MILLISECONDS);
      return answer.isDone() && !answer.isCompletedExceptionally()
          ? Optional.ofNullable(answer.join())
          : Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (ExecutionException | TimeoutException | CancellationException e) {
      return answer.isDone() && !answer.isCompletedExceptionally()
          ? Optional.ofNullable(answer.join())
          : Optional.empty();
    }
  }

  /** The query, with a line in the timings log when it took more than a second. */
  private static <T> Supplier<T> timed(String workflowId, Supplier<T> query) {
    return () -> {
      long start = System.nanoTime();
      try {
        return query.get();
      } finally {
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (ms > 1_000) {
          TIMINGS.info("progress query of {}: ended after {} ms", workflowId, ms);
        }
      }
    };
  }

  /** Queries still unanswered (their callers may have stopped waiting). */
  public int inFlight() {
    return inFlight.size();
  }
}
