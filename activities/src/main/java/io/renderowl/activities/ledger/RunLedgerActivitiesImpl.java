package io.renderowl.activities.ledger;

import io.renderowl.infra.credits.PriceList;
import io.renderowl.infra.metrics.RenderowlMeters;
import io.renderowl.infra.persistence.CreditRepository;
import io.renderowl.infra.persistence.PipelineRunRepository;
import io.renderowl.infra.persistence.PipelineRunRow;
import io.renderowl.workflows.CostItem;
import io.renderowl.workflows.Failures;
import io.renderowl.workflows.PipelineResult;
import io.renderowl.workflows.Publication;
import io.renderowl.workflows.RunLedgerActivities;
import io.renderowl.workflows.Stage;
import io.renderowl.workflows.StepCost;
import java.util.Locale;

/**
 * Keeps pipeline_runs in step with the workflow and runs the credit saga: each finished step is
 * charged against the run's reservation (once per run and step), a completed run releases what is
 * left, a failed or cancelled one is refunded and released. Every call is safe to repeat: the
 * workflow retries local activities, and a restarted worker replays them.
 */
public final class RunLedgerActivitiesImpl implements RunLedgerActivities {
  private final PipelineRunRepository runs;
  private final CreditRepository credits;
  private final RenderowlMeters meters = RenderowlMeters.global();
  private final PriceList prices;

  public RunLedgerActivitiesImpl(
      PipelineRunRepository runs, CreditRepository credits, PriceList prices) {
    this.runs = runs;
    this.credits = credits;
    this.prices = prices;
  }

  /** With the default price list. */
  public RunLedgerActivitiesImpl(PipelineRunRepository runs, CreditRepository credits) {
    this(runs, credits, PriceList.defaults());
  }

  @Override
  public void stageStarted(String runId, Stage stage, String message) {
    runs.stageStarted(runId, stage.name().toLowerCase(Locale.ROOT), message);
  }

  @Override
  public void runFailed(String runId, Stage stage, String reason) {
    credits.refundAndRelease(runId, "run " + runId + " did not deliver");
    runs.markFailed(runId, stage.name().toLowerCase(Locale.ROOT), reason);
    meters.runFinished(
        "failed",
        stage.name(),
        Failures.CANCELLED.equals(reason) ? Failures.CANCELLED : "stage_failed");
  }

  @Override
  public void chargeStep(String runId, StepCost cost) {
    int price = prices.creditsFor(cost.item(), cost.quantity(), cost.preview());
    credits.capture(runId, cost.step(), price, describe(runId, cost));
  }

  @Override
  public void renderDelivered(String runId, StepCost cost) {
    chargeStep(runId, cost);
    credits.settle(runId);
  }

  @Override
  public void renderUndelivered(String runId, String reason) {
    credits.refundAndRelease(runId, "render " + runId + " did not deliver");
  }

  @Override
  public void runCompleted(String runId, PipelineResult result) {
    PipelineRunRow run =
        runs.find(runId)
            .orElseThrow(() -> new IllegalStateException("no pipeline_runs row for " + runId));
    if (credits.reservation(runId).isPresent()) {
      credits.settle(runId);
    } else {
      // Started before reservations existed: charged for the video now, as it always was.
      credits.chargeOnce(
          run.userId(),
          prices.creditsFor(CostItem.RENDER, result.render().durationSeconds(), false),
          "video \"" + result.title() + "\" (" + runId + ")",
          "run:" + runId,
          "{\"run_id\":\"" + runId + "\",\"render_id\":\"" + result.render().renderId() + "\"}");
    }
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

  private static String describe(String runId, StepCost cost) {
    String what =
        switch (cost.item()) {
          case AI_CALL -> String.format(Locale.ROOT, "%.0f AI call(s)", cost.quantity());
          case IMAGE -> String.format(Locale.ROOT, "%.0f picture(s)", cost.quantity());
          case SPEECH_SECOND -> String.format(Locale.ROOT, "%.1f s of speech", cost.quantity());
          case RENDER ->
              String.format(
                  Locale.ROOT,
                  "%.1f s of %s video",
                  cost.quantity(),
                  cost.preview() ? "preview" : "full");
          case PUBLISH ->
              String.format(Locale.ROOT, "publishing to %.0f platform(s)", cost.quantity());
        };
    return cost.step() + ": " + what + " (" + runId + ")";
  }
}
