package io.renderowl.activities.ledger;

import io.renderowl.infra.metrics.RenderowlMeters;
import io.renderowl.infra.persistence.CreditRepository;
import io.renderowl.infra.persistence.PipelineRunRepository;
import io.renderowl.infra.persistence.PipelineRunRow;
import io.renderowl.workflows.CreditPolicy;
import io.renderowl.workflows.Failures;
import io.renderowl.workflows.PipelineResult;
import io.renderowl.workflows.Publication;
import io.renderowl.workflows.RunLedgerActivities;
import io.renderowl.workflows.Stage;
import java.util.Locale;

/** Keeps pipeline_runs in step with the workflow and charges credits once per completed run. */
public final class RunLedgerActivitiesImpl implements RunLedgerActivities {
  private final PipelineRunRepository runs;
  private final CreditRepository credits;
  private final RenderowlMeters meters = RenderowlMeters.global();

  public RunLedgerActivitiesImpl(PipelineRunRepository runs, CreditRepository credits) {
    this.runs = runs;
    this.credits = credits;
  }

  @Override
  public void stageStarted(String runId, Stage stage, String message) {
    runs.stageStarted(runId, stage.name().toLowerCase(Locale.ROOT), message);
  }

  @Override
  public void runFailed(String runId, Stage stage, String reason) {
    runs.markFailed(runId, stage.name().toLowerCase(Locale.ROOT), reason);
    meters.runFinished(
        "failed",
        stage.name(),
        Failures.CANCELLED.equals(reason) ? Failures.CANCELLED : "stage_failed");
  }

  @Override
  public void runCompleted(String runId, PipelineResult result) {
    PipelineRunRow run =
        runs.find(runId)
            .orElseThrow(() -> new IllegalStateException("no pipeline_runs row for " + runId));
    int amount = CreditPolicy.creditsFor(result.render().durationSeconds());
    credits.chargeOnce(
        run.userId(),
        amount,
        "video \"" + result.title() + "\" (" + runId + ")",
        "run:" + runId,
        "{\"run_id\":\"" + runId + "\",\"render_id\":\"" + result.render().renderId() + "\"}");
    String where =
        result.publications().stream()
            .map(RunLedgerActivitiesImpl::describe)
            .collect(java.util.stream.Collectors.joining(", "));
    runs.markCompleted(runId, "published to " + where);
    meters.runFinished("completed", Stage.COMPLETED.name(), "none");
  }

  /**
   * A publication as the run's message names it: the platform, with its URL when it has a public
   * one. A file path stays out: the message is what the API answers, and it must not show the
   * server's file system.
   */
  static String describe(Publication publication) {
    String location = publication.location();
    boolean url =
        location != null && (location.startsWith("https://") || location.startsWith("http://"));
    return url ? publication.platform() + " (" + location + ")" : publication.platform();
  }
}
