package io.renderowl.infra.health;

import io.renderowl.infra.health.internal.DependencyHealthIndicator;
import io.renderowl.infra.storage.ObjectStore;
import io.renderowl.infra.temporal.TemporalConnection;
import io.renderowl.infra.temporal.TemporalStartup;
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
 * depend on them (a lost database must not restart every pod). The checks are {@link
 * DependencyChecks}', which a render-only worker's {@link ManagementServer} runs as well.
 */
@Configuration(proxyBeanMethods = false)
public class HealthConfiguration {

  @Bean
  HealthIndicator redisHealthIndicator(RedisClient redis) {
    return new DependencyHealthIndicator(DependencyChecks.REDIS, DependencyChecks.redis(redis));
  }

  @Bean
  HealthIndicator s3HealthIndicator(ObjectStore store) {
    return new DependencyHealthIndicator(DependencyChecks.s3Name(store), store::checkBucket);
  }

  @Bean
  HealthIndicator temporalHealthIndicator(TemporalConnection temporal) {
    return new DependencyHealthIndicator(
        DependencyChecks.TEMPORAL, DependencyChecks.temporal(temporal));
  }

  /**
   * DOWN while a first call to Temporal (permit gate, worker start) still waits for a retry: the
   * frontend may answer again before this process has started polling.
   */
  @Bean
  HealthIndicator temporalStartupHealthIndicator(TemporalStartup startup) {
    return () -> {
      var waiting = DependencyChecks.waiting(startup);
      return waiting.isEmpty() ? Health.up().build() : Health.down().withDetails(waiting).build();
    };
  }
}
