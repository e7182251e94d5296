package io.renderowl.infra.pipeline;

import io.renderowl.workflows.PipelineRequest;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Starts pipeline runs and reports on them. Entry points (API, CLI, batch jobs) use this and
 * nothing else to reach Temporal and the run ledger.
 */
public interface PipelineRuns {

  /**
   * Starts a run for the request, or finds the run the same request started before.
   *
   * @throws InvalidRequestException when the request has field errors (nothing is started)
   */
  StartedRun start(PipelineRequest request);

  /** The run's status if it exists and belongs to the user. */
  Optional<RunStatus> status(String userId, String runId);

  /** The run's status, whoever it belongs to (operators, CLI). */
  Optional<RunStatus> status(String runId);

  /**
   * Compares an unfinished run's ledger row with its Temporal execution and marks the run failed,
   * with the reason, when the execution is gone or was closed from outside (terminated, timed out,
   * cancelled before the workflow could record it). Status reads never do this; the stuck-run
   * reaper and {@link #await} do.
   *
   * @return whether the run was marked failed
   */
  boolean reconcile(String runId);

  /**
   * {@link #reconcile}s every unfinished run.
   *
   * @return the ids of the runs marked failed
   */
  java.util.List<String> reconcileUnfinished();

  /**
   * Gives back the fair-concurrency permits held (or waited for) by runs whose Temporal execution
   * is no longer running: a run terminated from outside never reaches its own release. The
   * stuck-run reaper calls this.
   *
   * @return the ids of the runs whose permit or place in line was given back
   */
  default java.util.List<String> releaseOrphanedPermits() {
    return java.util.List.of();
  }

  /**
   * Waits for the run to end (reconciling it with Temporal at each poll), calling {@code
   * onProgress} at most every {@code pollEvery} with the current status. Returns the final status
   * (completed or failed).
   */
  RunStatus await(String runId, Duration pollEvery, Consumer<RunStatus> onProgress)
      throws InterruptedException;

  /**
   * Has this process's workers take the next workflow tasks of the run (or of a render's run) and
   * of the children it has running, instead of the process that ran them last, which is gone
   * ({@code owl watch} after {@code owl run} was killed or interrupted): a restarted Temporal
   * server would hold those tasks up to 5 s for that process's sticky queue. Best effort.
   */
  default void takeOver(String runId) {}

  /**
   * How long the run's render took: its render workflow ({@code RUN-render}) from the start to the
   * close Temporal recorded; empty while it has not closed, when it never started, or when this
   * implementation cannot tell. Exact where the status polls see a stage up to a poll late.
   */
  default Optional<Duration> renderTime(String runId) {
    return Optional.empty();
  }

  /**
   * Asks an unfinished run to stop: its current stage (render chunks at their next heartbeat) is
   * cancelled, its permit given back, and the run recorded failed ("cancelled").
   *
   * @return false when there is no such run or it has already ended
   */
  default boolean cancel(String runId) {
    throw new UnsupportedOperationException("cancelling runs is not supported here");
  }
}
