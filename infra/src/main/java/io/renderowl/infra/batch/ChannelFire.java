package io.renderowl.infra.batch;

import java.util.List;

/**
 * What one fire of a channel did.
 *
 * @param channelId the channel
 * @param fireKey the scheduled instant ("2026-11-24T14:00:00Z") or "now-..." for run-now
 * @param topics the topics it picked, in order
 * @param runIds the runs it started, one per topic
 * @param message a summary, e.g. why nothing was started
 */
public record ChannelFire(
    String channelId, String fireKey, List<String> topics, List<String> runIds, String message) {
  public ChannelFire {
    topics = List.copyOf(topics);
    runIds = List.copyOf(runIds);
  }
}
