package io.renderowl.workflows.internal;

import io.renderowl.workflows.RunPermitsWorkflow;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.SignalExternalWorkflowException;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The pipeline's side of fair concurrency ({@link RunPermitsWorkflow}). Runs recorded before this
 * existed replay without it (a {@link Workflow#getVersion} marker), and a run started without the
 * {@link #MEMO} memo (caps off, tests) goes ahead without a permit.
 */
public final class RunPermits {
  static final String CHANGE_ID = "fair-concurrency-permit";

  /** A run cancelled while waiting for its permit gives its place (or permit) back. */
  static final String RELEASE_ON_CANCEL = "permit-released-on-cancel";

  /**
   * Memo key the starter sets to true on runs that must take a permit (the gate workflow runs);
   * runs without it (caps off, tests, runs started before) never wait.
   */
  public static final String MEMO = RunPermitsWorkflow.PERMIT_MEMO;

  private RunPermits() {}

  /**
   * How long a run waits for the permit its starter asked for before it asks the gate itself (the
   * starter may have died between starting the run and asking), and then again each time. A
   * repeated ask keeps the run's place in line, so it costs the gate one signal per waiting run per
   * period; short enough that a run orphaned by its starter's death is not left queued for long.
   */
  static final Duration ASK_AGAIN_AFTER = Duration.ofMinutes(5);

  /**
   * Waits for the permit the starter asked the gate for ({@code RunPermitGate.request}); asks again
   * itself when none came in time. False when the run holds none (no memo, old run).
   */
  static boolean acquire(String runId, String userId, BooleanSupplier granted) {
    if (!Boolean.TRUE.equals(Workflow.getMemo(MEMO, Boolean.class))) {
      return false;
    }
    if (Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
      return false;
    }
    try {
      while (!Workflow.await(ASK_AGAIN_AFTER, granted::getAsBoolean)) {
        try {
          Workflow.newExternalWorkflowStub(RunPermitsWorkflow.class, RunPermitsWorkflow.ID)
              .acquire(runId, userId);
        } catch (SignalExternalWorkflowException noGate) {
          return false;
        }
      }
    } catch (CanceledFailure cancelled) {
      // Cancelled while in line: give back the place, or the permit granted meanwhile. Without
      // this the gate granted a permit to a run that had gone and held it until the stuck-run
      // job's next pass, which one-shot commands never run (a batch resumed after two kills
      // waited 10 minutes behind two permits held by runs cancelled in an earlier process).
      Workflow.newDetachedCancellationScope(
              () -> {
                if (releasesOnCancel()) {
                  release(true, runId);
                }
              })
          .run();
      throw cancelled;
    }
    return true;
  }

  /** Whether this run gives its place back when cancelled in line (not runs recorded before). */
  static boolean releasesOnCancel() {
    return Workflow.getVersion(RELEASE_ON_CANCEL, Workflow.DEFAULT_VERSION, 1) == 1;
  }

  /** Gives the permit back, also when the run was cancelled. */
  static void release(boolean held, String runId) {
    if (!held) {
      return;
    }
    Workflow.newDetachedCancellationScope(
            () -> {
              try {
                Workflow.newExternalWorkflowStub(RunPermitsWorkflow.class, RunPermitsWorkflow.ID)
                    .release(runId);
              } catch (SignalExternalWorkflowException gateGone) {
                // nothing holds the permit any more
              }
            })
        .run();
  }
}
