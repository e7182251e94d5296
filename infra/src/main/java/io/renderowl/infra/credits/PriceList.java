package io.renderowl.infra.credits;

import io.renderowl.infra.config.CreditSettings;
import io.renderowl.workflows.CostItem;
import io.renderowl.workflows.PipelineRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What work costs, from the configured prices ({@link CreditSettings.Prices}): the charge of one
 * step and the estimate reserved before a run starts. Charges are whole credits, rounded up.
 */
public record PriceList(CreditSettings.Prices prices) {

  /** Seconds of video one render unit pays for: a started block of this many seconds. */
  public static final double RENDER_BLOCK_SECONDS = CreditSettings.Prices.RENDER_BLOCK_SECONDS;

  /**
   * How much longer than asked a video may come out: the pipeline fits the duration within 15%,
   * short targets come out a little longer, and the estimate must not fall short of the charges.
   */
  static final double DURATION_SLACK = 1.25;

  /** Upper bound of a run's scenes: about one per 6 s, at least 3, at most 60. */
  static int maxScenes(double seconds) {
    return Math.min(60, Math.max(3, (int) Math.ceil(seconds / 5.0)));
  }

  public static PriceList defaults() {
    return new PriceList(CreditSettings.Prices.defaults());
  }

  /** The price of one unit of {@code item} ({@code preview} picks the render preset). */
  public double unitPrice(CostItem item, boolean preview) {
    return switch (item) {
      case RENDER -> preview ? prices.renderPreview() : prices.renderFull();
      case AI_CALL -> prices.aiCall();
      case IMAGE -> prices.image();
      case SPEECH_SECOND -> prices.speechSecond();
      case PUBLISH -> prices.publish();
    };
  }

  /**
   * Credits for {@code quantity} of {@code item}; for {@link CostItem#RENDER} the quantity is
   * seconds of video, charged per started {@value #RENDER_BLOCK_SECONDS} s.
   */
  public int creditsFor(CostItem item, double quantity, boolean preview) {
    if (quantity <= 0) {
      return 0;
    }
    double units =
        item == CostItem.RENDER ? Math.ceil(quantity / RENDER_BLOCK_SECONDS - 1e-9) : quantity;
    return (int) Math.ceil(units * unitPrice(item, preview) - 1e-9);
  }

  /**
   * The most a pipeline run for {@code request} can cost: two AI calls (script and scene plan), the
   * most scenes it can have in pictures, speech and video of the longest it can come out, and one
   * publish per platform.
   */
  public int estimate(PipelineRequest request) {
    double seconds =
        Math.max(PipelineRequest.FITTED_FROM, request.durationSeconds()) * DURATION_SLACK;
    boolean preview = request.preview();
    return creditsFor(CostItem.AI_CALL, 2, preview)
        + creditsFor(CostItem.IMAGE, maxScenes(seconds), preview)
        + creditsFor(CostItem.SPEECH_SECOND, seconds, preview)
        + creditsFor(CostItem.RENDER, seconds, preview)
        + creditsFor(CostItem.PUBLISH, request.platforms().size(), preview);
  }

  /** The most a standalone render of {@code seconds} of video costs. */
  public int estimateRender(double seconds, boolean preview) {
    return creditsFor(CostItem.RENDER, seconds, preview);
  }

  /** The prices as the API shows them, keyed by snake_case name. */
  public Map<String, Double> asMap() {
    Map<String, Double> map = new LinkedHashMap<>();
    map.put("render_full_per_30s", prices.renderFull());
    map.put("render_preview_per_30s", prices.renderPreview());
    map.put("ai_call", prices.aiCall());
    map.put("image", prices.image());
    map.put("speech_second", prices.speechSecond());
    map.put("publish", prices.publish());
    return map;
  }
}
