package io.renderowl.infra.credits.internal;

import io.renderowl.infra.credits.PriceList;
import io.renderowl.infra.persistence.CreditRepository;
import io.renderowl.infra.persistence.ReserveOutcome;
import io.renderowl.infra.pipeline.InsufficientCreditsException;
import io.renderowl.infra.pipeline.RenderCharges;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@link RenderCharges} on the credit reservations: a render reserves the price list's cost of its
 * whole video (per started 30 s, by preset) under its run id, like a pipeline run does.
 */
public final class ReservedRenderCharges implements RenderCharges {
  private final CreditRepository credits;
  private final PriceList prices;

  public ReservedRenderCharges(CreditRepository credits, PriceList prices) {
    this.credits = credits;
    this.prices = prices;
  }

  @Override
  public <T> T reserveWhile(
      String userId, String runId, double seconds, boolean preview, Supplier<T> record) {
    int estimate = prices.estimateRender(seconds, preview);
    String description =
        String.format(
            Locale.ROOT,
            "render %s: %.1f s of %s video",
            runId,
            seconds,
            preview ? "preview" : "full");
    return credits.inNewTransaction(() -> {
      ReserveOutcome outcome =
          credits.reserve(UUID.fromString(userId), runId, estimate, description);
      if (!outcome.reserved()) {
        throw new InsufficientCreditsException(outcome.required(), outcome.available());
      }
      return record.get();
    });
  }

  @Override
  public void release(String runId, String reason) {
    credits.refundAndRelease(runId, reason);
  }
}
