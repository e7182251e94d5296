package io.renderowl.infra.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderowl.infra.health.internal.DependencyProbe;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A render-only worker's management port: Actuator's paths and shapes without Actuator. */
@Timeout(30)
class ManagementServerTest {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void readinessIsUpOnlyWhileEveryDependencyAnswersAndSaysWhatFailedWithoutCredentials()
      throws Exception {
    AtomicBoolean redisUp = new AtomicBoolean(true);
    Map<String, DependencyProbe> dependencies = new LinkedHashMap<>();
    dependencies.put("db", new DependencyProbe("PostgreSQL", () -> {}));
    dependencies.put(
        "redis",
        new DependencyProbe(
            "Redis",
            () -> {
              if (!redisUp.get()) {
                throw new IllegalStateException(
                    "cannot reach redis://default:s3cret@127.0.0.1:6390");
              }
            }));
    Map<String, Object> waiting = new LinkedHashMap<>();
    try (ManagementServer server =
        new ManagementServer(
            ManagementServer.bind(0),
            dependencies,
            () -> waiting,
            () -> "up{role=\"render\"} 1\n")) {
      int port = server.port();
      assertThat(port).isPositive();

      HttpResponse<String> ready = get(port, "/actuator/health/readiness");
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(ready.body())
          .startsWith("{\"status\":\"UP\"")
          .contains("\"readinessState\":{\"status\":\"UP\"}", "\"db\"", "\"redis\"", "took_ms")
          .contains("\"temporalStartup\":{\"status\":\"UP\"}");

      redisUp.set(false);
      HttpResponse<String> down = get(port, "/actuator/health/readiness");
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.body())
          .startsWith("{\"status\":\"DOWN\"")
          .contains(
              "Redis unreachable (IllegalStateException: cannot reach redis://127.0.0.1:6390)")
          .doesNotContain("s3cret");
      // liveness does not depend on the servers: a lost Redis must not restart the worker
      HttpResponse<String> live = get(port, "/actuator/health/liveness");
      assertThat(live.statusCode()).isEqualTo(200);
      assertThat(live.body()).isEqualTo("{\"status\":\"UP\"}");

      redisUp.set(true);
      waiting.put("waiting_for", "the render workers (DescribeNamespace)");
      HttpResponse<String> starting = get(port, "/actuator/health");
      assertThat(starting.statusCode()).isEqualTo(503);
      assertThat(starting.body())
          .contains("\"temporalStartup\":{\"status\":\"DOWN\",\"details\":{\"waiting_for\"");
    }
  }

  @Test
  void itServesTheScrapeAndRefusesWhatItDoesNotAnswer() throws Exception {
    try (ManagementServer server =
        new ManagementServer(
            ManagementServer.bind(0), Map.of(), Map::of, () -> "up{role=\"render\"} 1\n")) {
      int port = server.port();
      HttpResponse<String> scrape = get(port, "/actuator/prometheus");
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.headers().firstValue("Content-Type").orElseThrow())
          .startsWith("text/plain");
      assertThat(scrape.body()).isEqualTo("up{role=\"render\"} 1\n");

      HttpResponse<String> missing = get(port, "/actuator/env");
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(missing.body()).contains("no such endpoint: /actuator/env");

      HttpResponse<String> post =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                  .POST(HttpRequest.BodyPublishers.ofString("{}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isEqualTo(405);
      assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
