package io.renderowl.activities.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.RedisClient;
import redis.embedded.RedisServer;

/** The token bucket and the response cache on a real (embedded) Redis, shared by two "workers". */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // a redis-server child process; under a second
class RedisSharedStateTest {
  static RedisServer redisServer;
  static String redisUrl;

  @BeforeAll
  static void startRedis() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path dir = Files.createTempDirectory("redis-test-");
    Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
    redisServer =
        RedisServer.newRedisServer()
            .port(port)
            .bind("127.0.0.1")
            .setting("dir " + dir)
            .setting("save \"\"")
            .setting("appendonly no")
            .build();
    redisServer.start();
    redisUrl = "redis://127.0.0.1:" + port;
  }

  @AfterAll
  static void stopRedis() throws IOException {
    redisServer.stop();
  }

  @Test
  void twoWorkersShareOneBucket() throws Exception {
    try (RedisClient a = RedisClient.create(URI.create(redisUrl));
        RedisClient b = RedisClient.create(URI.create(redisUrl))) {
      // Two limiter instances on two connections, as two worker processes would have them:
      // a bucket of 5 that refills one token per hour.
      RateLimiter workerA = new RedisTokenBucket(a, 5, 1.0 / 60, "test:bucket:");
      RateLimiter workerB = new RedisTokenBucket(b, 5, 1.0 / 60, "test:bucket:");
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Callable<Duration>> calls = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        RateLimiter limiter = i % 2 == 0 ? workerA : workerB;
        calls.add(() -> limiter.tryAcquire("pexels"));
      }
      List<Duration> results = new ArrayList<>();
      for (Future<Duration> f : pool.invokeAll(calls)) {
        results.add(f.get());
      }
      pool.shutdown();

      assertThat(results.stream().filter(Duration::isZero)).hasSize(5);
      assertThat(results.stream().filter(d -> !d.isZero()))
          .hasSize(15)
          .allSatisfy(d -> assertThat(d).isGreaterThan(Duration.ofMinutes(50)));
      // Another provider has its own bucket.
      assertThat(workerB.tryAcquire("pixabay")).isZero();
    }
  }

  @Test
  void anEmptyBucketSaysWhenTheNextTokenComesAndHasItThen() throws Exception {
    try (RedisClient a = RedisClient.create(URI.create(redisUrl));
        RedisClient b = RedisClient.create(URI.create(redisUrl))) {
      // A bucket of 2 refilling 600 a minute: one token every 100 ms.
      RateLimiter workerA = new RedisTokenBucket(a, 2, 600, "test:refill:");
      RateLimiter workerB = new RedisTokenBucket(b, 2, 600, "test:refill:");

      assertThat(workerA.tryAcquire("pexels")).isZero();
      assertThat(workerB.tryAcquire("pexels")).isZero();
      Duration wait = workerA.tryAcquire("pexels");

      assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofMillis(100));
      Thread.sleep(wait.toMillis() + 20);
      assertThat(workerB.tryAcquire("pexels")).isZero();
      assertThat(a.pttl("test:refill:pexels")).isPositive().isLessThanOrEqualTo(1_300L);
    }
  }

  @Test
  void anEmptySharedBucketBecomesATemporalRetryDelayNotASleep() {
    WireMockServer server = Stubs.start();
    try (RedisClient redis = RedisClient.create(URI.create(redisUrl))) {
      server.stubFor(get(urlPathEqualTo("/v1/search")).willReturn(aResponse().withBody("{}")));
      ProviderHttp http =
          new ProviderHttp(
              new RedisTokenBucket(redis, 1, 1, "test:empty:"),
              ResponseCache.NONE,
              Duration.ofSeconds(2),
              () -> 1);
      ProviderHttp.Call call =
          ProviderHttp.Call.get(
                  "pexels", "search", URI.create(server.baseUrl() + "/v1/search"), Map.of())
              .uncached();

      http.send(call);

      assertThatThrownBy(() -> http.send(call))
          .isInstanceOfSatisfying(
              ApplicationFailure.class,
              f -> {
                assertThat(f.getType()).isEqualTo(ProviderFailures.OWN_RATE_LIMITED);
                assertThat(f.getNextRetryDelay()).isGreaterThan(Duration.ofSeconds(50));
                assertThat(f.getOriginalMessage()).contains("shared rate limit reached");
              });
      server.verify(1, getRequestedFor(urlPathEqualTo("/v1/search")));
    } finally {
      server.stop();
    }
  }

  @Test
  void aRepeatedRequestIsServedFromTheRedisCacheByAnotherWorker() {
    WireMockServer server = Stubs.start();
    try (RedisClient a = RedisClient.create(URI.create(redisUrl));
        RedisClient b = RedisClient.create(URI.create(redisUrl))) {
      server.stubFor(
          get(urlPathEqualTo("/v1/search"))
              .willReturn(
                  aResponse()
                      .withHeader("Content-Type", "application/json")
                      .withBody("{\"photos\":[]}")));
      ProviderHttp workerA =
          new ProviderHttp(
              RateLimiter.UNLIMITED,
              ResponseCache.redis(a, Duration.ofMinutes(5), "test:cache:"),
              Duration.ofSeconds(2),
              () -> 1);
      ProviderHttp workerB =
          new ProviderHttp(
              RateLimiter.UNLIMITED,
              ResponseCache.redis(b, Duration.ofMinutes(5), "test:cache:"),
              Duration.ofSeconds(2),
              () -> 1);
      URI uri = URI.create(server.baseUrl() + "/v1/search?query=octopus");

      ProviderHttp.Response first =
          workerA.send(
              ProviderHttp.Call.get("pexels", "search", uri, Map.of("Authorization", "key-a")));
      ProviderHttp.Response second =
          workerB.send(
              ProviderHttp.Call.get("pexels", "search", uri, Map.of("Authorization", "key-b")));
      ProviderHttp.Response other =
          workerB.send(
              ProviderHttp.Call.get(
                  "pexels",
                  "search",
                  URI.create(server.baseUrl() + "/v1/search?query=squid"),
                  Map.of()));

      assertThat(first.cached()).isFalse();
      assertThat(second.cached()).isTrue();
      assertThat(second.text()).isEqualTo("{\"photos\":[]}");
      assertThat(second.contentType()).isEqualTo("application/json");
      assertThat(other.cached()).isFalse();
      server.verify(2, getRequestedFor(urlPathEqualTo("/v1/search")));
      assertThat(
              a.ttl(
                  "test:cache:"
                      + ProviderHttp.Call.get("pexels", "search", uri, Map.of()).cacheKey()))
          .isBetween(200L, 300L);
    } finally {
      server.stop();
    }
  }
}
