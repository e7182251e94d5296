package io.renderowl.infra.progress;

import io.renderowl.workflows.Stage;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.RedisClient;

/**
 * Fine-grained progress of running stages (e.g. frames rendered), shared through Redis so any
 * process (API, CLI, another worker) can read it. Entries expire a day after their last update; the
 * durable record of a run is the pipeline_runs table.
 */
public final class LiveProgress {
  private static final long TTL_SECONDS = 24 * 3600;
  private final RedisClient redis;

  public LiveProgress(RedisClient redis) {
    this.redis = redis;
  }

  /** What a stage reported last. */
  public record Entry(Stage stage, double fraction, String message, Instant at) {}

  public void report(String runId, Stage stage, double fraction, String message) {
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
    redis.hset(key, Integer.toString(chunkIndex), Long.toString(chunkFramesDone));
    redis.expire(key, TTL_SECONDS);
    long done = redis.hvals(key).stream().mapToLong(Long::parseLong).sum();
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
    Map<String, String> m = redis.hgetAll(key(runId));
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

  private static String key(String runId) {
    return "renderowl:progress:" + runId;
  }
}
