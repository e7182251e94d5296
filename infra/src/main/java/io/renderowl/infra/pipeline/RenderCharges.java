package io.renderowl.infra.pipeline;

import java.util.function.Supplier;

/**
 * What a render started on its own ({@code owl render}, {@code POST /render}) costs, as the render
 * entry points see it: its estimated cost is reserved in the transaction that records the render,
 * and released when it cannot start. The render workflow charges and settles the reservation when
 * the render delivers, and refunds and releases it when it fails or is cancelled.
 *
 * <p>A port: the credits package implements it ({@code infra.credits.internal}), so that the
 * pipeline package, which the credits package builds on, does not depend on it in turn.
 */
public interface RenderCharges {

  /**
   * Reserves the estimated cost of rendering {@code seconds} of video for the run, then runs {@code
   * record} (which writes the render's rows) in the same transaction. A run that has a reservation
   * already (the same idempotency key) reserves nothing more.
   *
   * @throws InsufficientCreditsException when the user's available credits do not cover the
   *     estimate: nothing is reserved and {@code record} does not run
   */
  <T> T reserveWhile(
      String userId, String runId, double seconds, boolean preview, Supplier<T> record);

  /** Releases the run's reservation (the render never started or ended without running), once. */
  void release(String runId, String reason);

  /** Renders that cost nothing (tests of the render path alone, servers without credits). */
  static RenderCharges free() {
    return new RenderCharges() {
      @Override
      public <T> T reserveWhile(
          String userId, String runId, double seconds, boolean preview, Supplier<T> record) {
        return record.get();
      }

      @Override
      public void release(String runId, String reason) {}
    };
  }
}
