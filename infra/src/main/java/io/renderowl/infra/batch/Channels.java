package io.renderowl.infra.batch;

import java.util.List;
import java.util.Optional;

/**
 * Autopilot channels: a cron schedule (in the channel's time zone) that produces videos on topics
 * from a source, never the same topic twice. Stored in scheduled_jobs, fired by Quartz.
 */
public interface Channels {

  /**
   * Records the channel and schedules it.
   *
   * @throws io.renderowl.infra.pipeline.InvalidRequestException listing every problem with the spec
   */
  Channel add(ChannelSpec spec);

  /**
   * Replaces the channel's configuration with {@code spec} (same owner) and reschedules it when it
   * is active; topics already produced stay produced.
   *
   * @throws java.util.NoSuchElementException for an unknown channel
   * @throws io.renderowl.infra.pipeline.InvalidRequestException listing every problem with the spec
   */
  Channel update(String channelId, ChannelSpec spec);

  /** Channels of the user, or all channels when {@code userId} is null; oldest first. */
  List<Channel> list(String userId);

  Optional<Channel> find(String channelId);

  /**
   * Stops firing until resumed.
   *
   * @throws java.util.NoSuchElementException for an unknown channel
   */
  Channel pause(String channelId);

  /**
   * Fires again from the next instant on (missed instants while paused are not made up).
   *
   * @throws java.util.NoSuchElementException for an unknown channel
   */
  Channel resume(String channelId);

  /**
   * Fires the channel now, outside its schedule, and returns what it started.
   *
   * @throws java.util.NoSuchElementException for an unknown channel
   */
  ChannelFire runNow(String channelId);

  /** Unschedules and deletes the channel; false when there was none. */
  boolean remove(String channelId);
}
