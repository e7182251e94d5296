package io.renderowl.infra.health;

import io.renderowl.infra.health.internal.DependencyCheck;
import io.renderowl.infra.storage.ObjectStore;
import io.renderowl.infra.temporal.TemporalConnection;
import io.renderowl.infra.temporal.TemporalStartup;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.RedisClient;

/** The round trips that tell whether Redis, S3 and the Temporal frontend answer. */
final class DependencyChecks {
  /** How long one check may take before the dependency counts as down. */
  static final Duration CHECK_TIMEOUT = Duration.ofSeconds(3);

  static final String REDIS = "Redis";
  static final String TEMPORAL = "Temporal frontend";

  private DependencyChecks() {}

  static DependencyCheck redis(RedisClient redis) {
    return () -> {
      String pong = redis.ping();
      if (!"PONG".equalsIgnoreCase(pong)) {
        throw new IllegalStateException("PING answered " + pong);
      }
    };
  }

  static String s3Name(ObjectStore store) {
    return "S3 bucket " + store.bucket();
  }

  static DependencyCheck temporal(TemporalConnection temporal) {
    return () ->
        temporal
            .stubs()
            .blockingStub()
            .withDeadlineAfter(CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
  }

  /** What a first call to Temporal still waits for (empty when nothing waits). */
  static Map<String, Object> waiting(TemporalStartup startup) {
    Map<String, Object> details = new LinkedHashMap<>();
    startup
        .waiting()
        .ifPresent(w -> {
          details.put("waiting_for", w.what());
          details.put("failed_attempts", w.failures());
          details.put("error", w.lastError());
          details.put("next_try_s", w.nextTry().toMillis() / 1000.0);
        });
    return details;
  }
}
