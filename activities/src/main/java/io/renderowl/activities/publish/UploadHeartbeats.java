package io.renderowl.activities.publish;

import io.renderowl.activities.publish.SocialPublishActivitiesImpl.Checkpoint;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An upload's checkpoints as heartbeats: each one when a chunk is confirmed, and the last one again
 * every third of the heartbeat timeout while the upload runs. A chunk of 8 MiB on a slow link can
 * take longer than the heartbeat timeout; without the beats in between, Temporal would time out a
 * live upload and start it again elsewhere while its chunk is still on the wire.
 *
 * <p>The beats between chunks repeat the last confirmed checkpoint, never a guess at the bytes in
 * flight: a retry asks the session where it stands anyway. A hung exchange is still ended by the
 * HTTP timeout of one chunk ({@code RENDEROWL_PUBLISH_TIMEOUT_SECONDS}), since the beats only say
 * that this process is alive.
 */
final class UploadHeartbeats implements UploadProgress, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(UploadHeartbeats.class);

  private static final ScheduledExecutorService TICKER =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("upload-heartbeats").factory());

  private final ActivityExecutionContext activity;
  private final @Nullable ScheduledFuture<?> ticks;
  // guarded by this: a beat of the ticker must not send an older checkpoint after a newer one
  private Optional<Map<String, String>> last;

  private UploadHeartbeats(ActivityExecutionContext activity, Optional<Map<String, String>> from) {
    this.activity = activity;
    this.last = from;
    Duration timeout = activity.getInfo().getHeartbeatTimeout();
    if (timeout == null || timeout.isZero() || timeout.isNegative()) {
      this.ticks = null;
    } else {
      long every = interval(timeout).toMillis();
      this.ticks = TICKER.scheduleAtFixedRate(this::beat, every, every, TimeUnit.MILLISECONDS);
    }
  }

  /** Heartbeats for the running upload activity, starting from the checkpoint it resumes. */
  static UploadHeartbeats start(
      ActivityExecutionContext activity, Optional<Map<String, String>> resumed) {
    return new UploadHeartbeats(activity, resumed);
  }

  /** A third of the heartbeat timeout, at least 1 s: two beats may be lost in a row. */
  static Duration interval(Duration heartbeatTimeout) {
    Duration third = heartbeatTimeout.dividedBy(3);
    return third.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : third;
  }

  @Override
  public synchronized Optional<Map<String, String>> resumed() {
    return last;
  }

  @Override
  public synchronized void save(Map<String, String> checkpoint) {
    last = Optional.of(Map.copyOf(checkpoint));
    activity.heartbeat(new Checkpoint(checkpoint));
  }

  private synchronized void beat() {
    try {
      activity.heartbeat(last.map(Checkpoint::new).orElse(null));
    } catch (ActivityCompletionException e) {
      // cancelled or timed out on the server: the upload learns it at its next checkpoint
      LOG.debug("upload heartbeat not sent: {}", e.toString());
    } catch (RuntimeException e) {
      LOG.warn("upload heartbeat failed: {}", e.toString());
    }
  }

  @Override
  public void close() {
    if (ticks != null) {
      ticks.cancel(false);
    }
  }
}
