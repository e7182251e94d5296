package io.renderowl.infra.batch;

import java.time.Instant;

/**
 * A stored channel.
 *
 * @param id scheduled_jobs.id
 * @param spec its configuration
 * @param active false while paused
 * @param lastRun when it last fired, else null
 * @param nextRun when it fires next (null while paused)
 * @param produced topics produced so far
 */
public record Channel(
    String id,
    ChannelSpec spec,
    boolean active,
    Instant lastRun,
    Instant nextRun,
    int produced,
    Instant createdAt) {

  /** Active, or paused. */
  public ChannelState state() {
    return ChannelState.of(active);
  }
}
