package io.renderowl.infra.health;

import io.renderowl.infra.health.internal.DependencyCheck;
import io.renderowl.infra.health.internal.DependencyHealthIndicator;
import io.renderowl.infra.storage.ObjectStore;
import io.renderowl.infra.temporal.TemporalConnection;
import io.renderowl.infra.temporal.TemporalStartup;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import redis.clients.jedis.RedisClient;

/**
 * Health indicators of the dependencies every Renderowl process uses: {@code redis}, {@code s3} and
 * {@code temporal}, and {@code temporalStartup} (PostgreSQL is Spring Boot's own {@code db}
 * indicator over the DataSource). The application's readiness group includes all four, so readiness
 * goes down while any of them is unreachable and comes back when it returns; liveness does not
 * depend on them (a lost database must not restart every pod).
 */
@Configuration(proxyBeanMethods = false)
public class HealthConfiguration {
  /** How long one check may take before the dependency counts as down. */
  static final Duration CHECK_TIMEOUT = Duration.ofSeconds(3);

  @Bean
  HealthIndicator redisHealthIndicator(RedisClient redis) {
    return new DependencyHealthIndicator(
        "Redis",
        () -> {
          String pong = redis.ping();
          if (!"PONG".equalsIgnoreCase(pong)) {
            throw new IllegalStateException("PING answered " + pong);
          }
        });
  }

  @Bean
  HealthIndicator s3HealthIndicator(ObjectStore store) {
    return new DependencyHealthIndicator("S3 bucket " + store.bucket(), store::checkBucket);
  }

  @Bean
  HealthIndicator temporalHealthIndicator(TemporalConnection temporal) {
    DependencyCheck check =
        () ->
            temporal
                .stubs()
                .blockingStub()
                .withDeadlineAfter(CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
    return new DependencyHealthIndicator("Temporal frontend", check);
  }

  /**
   * DOWN while a first call to Temporal (permit gate, worker start) still waits for a retry: the
   * frontend may answer again before this process has started polling.
   */
  @Bean
  HealthIndicator temporalStartupHealthIndicator(TemporalStartup startup) {
    return () ->
        startup
            .waiting()
            .map(w ->
                Health.down()
                    .withDetail("waiting_for", w.what())
                    .withDetail("failed_attempts", w.failures())
                    .withDetail("error", w.lastError())
                    .withDetail("next_try_s", w.nextTry().toMillis() / 1000.0)
                    .build())
            .orElseGet(() -> Health.up().build());
  }
}
