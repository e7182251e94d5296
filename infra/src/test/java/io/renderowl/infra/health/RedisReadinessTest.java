package io.renderowl.infra.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import redis.clients.jedis.RedisClient;
import redis.embedded.RedisServer;

/**
 * The Redis readiness check against a real Redis server that goes away and comes back on the same
 * port: DOWN with what failed while it is gone, UP again once it returns, on the same client.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // starts a Redis server twice (about a second each)
class RedisReadinessTest {

  @Test
  void readinessGoesDownWhenRedisIsLostAndUpWhenItReturns() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    RedisServer redis = new RedisServer(port);
    redis.start();
    try (RedisClient client =
        RedisClient.create(URI.create("redis://:not-in-any-message@127.0.0.1:" + port + "/0"))) {
      HealthIndicator indicator = new HealthConfiguration().redisHealthIndicator(client);
      assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);

      redis.stop();
      Health lost = indicator.health();
      assertThat(lost.getStatus()).isEqualTo(Status.DOWN);
      assertThat(String.valueOf(lost.getDetails().get("error")))
          .startsWith("Redis unreachable (")
          .doesNotContain("not-in-any-message");

      redis = new RedisServer(port);
      redis.start();
      assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
    } finally {
      redis.stop();
    }
  }
}
