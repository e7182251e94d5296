package io.renderowl.infra.progress;

import io.renderowl.workflows.Stage;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Fine-grained progress of running stages (e.g. frames rendered), shared through Redis so any
 * process (API, CLI, another worker) can read it. Entries expire a day after their last update; the
 * durable record of a run is the pipeline_runs table.
 *
 * <p>Best effort: while Redis cannot be reached (restarting, a connection of the pool cut), a
 * report is dropped and a read finds nothing, with a warning; the work and the status that
 * PostgreSQL and Temporal hold go on (measured in StackRestartFaultTest: a status read failed on
 * the first use of a pooled connection after a Redis restart).
 */
public final class LiveProgress {
  private static final long TTL_SECONDS = 24 * 3600;
  private static final Logger LOG = LoggerFactory.getLogger(LiveProgress.class);
  private final RedisClient redis;

  public LiveProgress(RedisClient redis) {
    this.redis = redis;
  }

  /** What a stage reported last. */
  public record Entry(Stage stage, double fraction, String message, Instant at) {}

  public void report(String runId, Stage stage, double fraction, String message) {
    try {
      write(runId, stage, fraction, message);
    } catch (JedisConnectionException e) {
      unreachable("progress of " + runId + " not shared", e);
    }
  }

  private void write(String runId, Stage stage, double fraction, String message) {
    String key = key(runId);
    redis.hset(
        key,
        Map.of(
            "stage", stage.name(),
            "fraction", Double.toString(fraction),
            "message", message,
            "at", Instant.now().toString()));
    redis.expire(key, TTL_SECONDS);
  }

  /**
   * Records how far one chunk of a chunked render is and reports the whole render's progress
   * (frames done over all chunks) as the run's {@link Stage#RENDER} progress.
   *
   * @return the fraction of the render's frames done
   */
  public double reportChunk(
      String runId, int chunkIndex, int chunks, long chunkFramesDone, long totalFrames) {
    String key = "renderowl:chunks:" + runId;
    long done;
    try {
      redis.hset(key, Integer.toString(chunkIndex), Long.toString(chunkFramesDone));
      redis.expire(key, TTL_SECONDS);
      done = redis.hvals(key).stream().mapToLong(Long::parseLong).sum();
    } catch (JedisConnectionException e) {
      unreachable("render progress of " + runId + " not shared", e);
      return totalFrames <= 0 ? 0 : Math.min(1.0, (double) chunkFramesDone / totalFrames);
    }
    double fraction = totalFrames <= 0 ? 0 : Math.min(1.0, (double) done / totalFrames);
    report(
        runId,
        Stage.RENDER,
        fraction,
        String.format(
            "rendering: frame %d of %d (%d chunk(s))",
            Math.min(done, totalFrames), totalFrames, chunks));
    return fraction;
  }

  public Optional<Entry> read(String runId) {
    Map<String, String> m;
    try {
      m = redis.hgetAll(key(runId));
    } catch (JedisConnectionException e) {
      unreachable("progress of " + runId + " not read", e);
      return Optional.empty();
    }
    if (m == null || m.isEmpty() || !m.containsKey("stage")) {
      return Optional.empty();
    }
    return Optional.of(
        new Entry(
            Stage.valueOf(m.get("stage")),
            Double.parseDouble(m.getOrDefault("fraction", "0")),
            m.getOrDefault("message", ""),
            Instant.parse(m.getOrDefault("at", Instant.EPOCH.toString()))));
  }

  private static void unreachable(String what, JedisConnectionException e) {
    LOG.warn("Redis unreachable, {}: {}", what, e.getMessage());
  }

  private static String key(String runId) {
    return "renderowl:progress:" + runId;
  }
}
