package io.renderowl.workflows;

import io.temporal.activity.ActivityInterface;

/**
 * Records a run's stage, failure and completion in the pipeline_runs table (local activities).
 *
 * <p>Implemented in the activities module's {@code io.renderowl.activities.ledger} package ({@code
 * RunLedgerActivitiesImpl}).
 */
@ActivityInterface
public interface RunLedgerActivities {

  void stageStarted(String runId, Stage stage, String message);

  /**
   * Marks the run failed, refunds every step charged for it and releases the rest of its credit
   * reservation (each once).
   */
  void runFailed(String runId, Stage stage, String reason);

  /**
   * Charges a finished step against the run's credit reservation, once per run and step, however
   * often it is retried.
   */
  void chargeStep(String runId, StepCost cost);

  /**
   * Marks the run completed and releases what its reservation has left (a run started before
   * reservations is charged for its video here instead), once.
   */
  void runCompleted(String runId, PipelineResult result);

  /**
   * A render started on its own delivered: charges its video against the render's reservation (once
   * per run and step, however often it is retried) and releases what is left.
   */
  void renderDelivered(String runId, StepCost cost);

  /**
   * A render started on its own failed or was cancelled: refunds what was charged for it and
   * releases its reservation, each once.
   */
  void renderUndelivered(String runId, String reason);
}
