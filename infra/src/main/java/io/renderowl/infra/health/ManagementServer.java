package io.renderowl.infra.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.renderowl.infra.health.internal.DependencyProbe;
import io.renderowl.infra.json.Json;
import io.renderowl.infra.storage.ObjectStore;
import io.renderowl.infra.temporal.TemporalConnection;
import io.renderowl.infra.temporal.TemporalStartup;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;

/**
 * A render-only worker's management port without a web framework: the JDK's HTTP server answers the
 * same paths as Actuator does on the other roles, in the same shape, so probes, the cluster script
 * and Prometheus treat every role alike.
 *
 * <ul>
 *   <li>{@code /actuator/health/liveness}: UP while the process runs;
 *   <li>{@code /actuator/health/readiness} (and {@code /actuator/health}): {@code db}, {@code
 *       redis}, {@code s3}, {@code temporal} and {@code temporalStartup}, 503 while any is DOWN;
 *   <li>{@code /actuator/prometheus}: the scrape of the registry it is given;
 *   <li>{@code /actuator/info}: empty.
 * </ul>
 *
 * Two request threads: it answers probes and scrapes, nothing else.
 */
public final class ManagementServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ManagementServer.class);
  private static final String JSON = "application/json";
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService requests;
  private final Map<String, DependencyProbe> dependencies;
  private final Supplier<Map<String, Object>> waiting;
  private final Supplier<String> scrape;

  /**
   * @param dependencies the readiness components by name, checked in this order on every probe
   * @param waiting what the process still waits for before it is ready (empty: nothing)
   * @param scrape the Prometheus text exposition
   */
  ManagementServer(
      HttpServer server,
      Map<String, DependencyProbe> dependencies,
      Supplier<Map<String, Object>> waiting,
      Supplier<String> scrape) {
    this.server = server;
    this.dependencies = new LinkedHashMap<>(dependencies);
    this.waiting = waiting;
    this.scrape = scrape;
    this.requests =
        Executors.newFixedThreadPool(
            2, Thread.ofPlatform().name("management-", 0).daemon(true).factory());
    server.setExecutor(requests);
    server.createContext("/", this::handle);
    server.start();
  }

  /**
   * Listens on {@code port} of every interface (0: a free one, see {@link #port()}), as the other
   * roles' management port does; readiness checks PostgreSQL, Redis, S3 and the Temporal frontend,
   * and whether the first calls to Temporal still wait.
   */
  public static ManagementServer start(
      int port,
      DataSource db,
      RedisClient redis,
      ObjectStore store,
      TemporalConnection temporal,
      TemporalStartup startup,
      PrometheusMeterRegistry prometheus)
      throws IOException {
    Map<String, DependencyProbe> dependencies = new LinkedHashMap<>();
    dependencies.put("db", new DependencyProbe("PostgreSQL", () -> valid(db)));
    dependencies.put(
        "redis", new DependencyProbe(DependencyChecks.REDIS, DependencyChecks.redis(redis)));
    dependencies.put("s3", new DependencyProbe(DependencyChecks.s3Name(store), store::checkBucket));
    dependencies.put(
        "temporal",
        new DependencyProbe(DependencyChecks.TEMPORAL, DependencyChecks.temporal(temporal)));
    return new ManagementServer(
        bind(port), dependencies, () -> DependencyChecks.waiting(startup), prometheus::scrape);
  }

  static HttpServer bind(int port) throws IOException {
    return HttpServer.create(new InetSocketAddress(port), 16);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (path.length() > 1 && path.endsWith("/")) {
        path = path.substring(0, path.length() - 1);
      }
      if (!"GET".equals(exchange.getRequestMethod())
          && !"HEAD".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, 405, JSON, error(405, "only GET and HEAD are answered here"));
        return;
      }
      switch (path) {
        case "/actuator/health/liveness" -> send(exchange, 200, JSON, "{\"status\":\"UP\"}");
        case "/actuator/health", "/actuator/health/readiness" -> readiness(exchange);
        case "/actuator/prometheus" -> send(exchange, 200, PROMETHEUS_TEXT, scrape.get());
        case "/actuator/info" -> send(exchange, 200, JSON, "{}");
        default -> send(exchange, 404, JSON, error(404, "no such endpoint: " + path));
      }
    } catch (RuntimeException e) {
      LOG.warn("management request {} failed", exchange.getRequestURI(), e);
    }
  }

  private void readiness(HttpExchange exchange) throws IOException {
    Map<String, Object> components = new LinkedHashMap<>();
    boolean up = true;
    components.put("readinessState", Map.of("status", "UP"));
    for (var dependency : dependencies.entrySet()) {
      DependencyProbe.Result result = dependency.getValue().probe();
      up &= result.up();
      components.put(dependency.getKey(), component(result.up(), result.details()));
    }
    Map<String, Object> waits = waiting.get();
    up &= waits.isEmpty();
    components.put("temporalStartup", component(waits.isEmpty(), waits));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", up ? "UP" : "DOWN");
    body.put("components", components);
    send(exchange, up ? 200 : 503, JSON, Json.MAPPER.writeValueAsString(body));
  }

  private static Map<String, Object> component(boolean up, Map<String, Object> details) {
    Map<String, Object> component = new LinkedHashMap<>();
    component.put("status", up ? "UP" : "DOWN");
    if (!details.isEmpty()) {
      component.put("details", details);
    }
    return component;
  }

  private static String error(int status, String message) {
    return Json.MAPPER.writeValueAsString(Map.of("status", status, "error", message));
  }

  private static void valid(DataSource db) throws Exception {
    try (Connection connection = db.getConnection()) {
      if (!connection.isValid((int) DependencyChecks.CHECK_TIMEOUT.toSeconds())) {
        throw new IllegalStateException(
            "the connection did not answer within "
                + DependencyChecks.CHECK_TIMEOUT.toSeconds()
                + " s");
      }
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** Stops listening (requests in flight get a second) and its threads. */
  @Override
  public void close() {
    server.stop(1);
    requests.shutdownNow();
  }
}
