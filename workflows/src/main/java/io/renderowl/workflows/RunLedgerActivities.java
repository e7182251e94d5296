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

  void runFailed(String runId, Stage stage, String reason);

  /** Marks the run completed and charges the user's credits for it (once). */
  void runCompleted(String runId, PipelineResult result);
}
