package io.renderowl.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.renderowl.activities.EngineTestApplication;
import io.renderowl.infra.persistence.PipelineRunRow;
import io.renderowl.infra.pipeline.RunStatus;
import io.renderowl.infra.temporal.TemporalConnection;
import io.renderowl.workflows.Aspect;
import io.renderowl.workflows.PipelineRequest;
import io.renderowl.workflows.RunState;
import io.renderowl.workflows.Stage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Fault: a part of the stack (PostgreSQL, Redis, the Temporal dev server) goes away while a
 * pipeline runs in an {@code owl worker} process, stays away for {@link #DOWN}, and comes back on
 * the same port (the dev server on its SQLite file; Redis holds only live progress and starts
 * empty; PostgreSQL's postmaster on its data directory, see {@link #stopPostgres}). The run must
 * complete exactly once, as after a worker kill, and no activity may have failed for good.
 *
 * <p>The stack runs on the Temporal dev server when a Temporal CLI is in {@code .owl/bin} (needed
 * for the Temporal restart; the in-process test server cannot be restarted), else on the in-process
 * test server (the Temporal case is then skipped). {@code -Drenderowl.faults.restarts=POSTGRES}
 * runs only the named parts; {@code -Drenderowl.faults.restarts.down-seconds=45} keeps them away
 * longer.
 */
@Tag("faults")
// per part: one worker JVM start (10 s idle, 1-3 min under load) and one short pipeline run
@Timeout(value = 30, unit = TimeUnit.MINUTES)
// own properties (dev server): close the context after the class, so the next class's stack finds
// the test home free
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(classes = EngineTestApplication.class)
class StackRestartFaultTest extends WorkerProcessScenario {
  static final Duration DOWN =
      Duration.ofSeconds(Long.getLong("renderowl.faults.restarts.down-seconds", 10));
  static final Path CLI = Path.of("..", ".owl", "bin", "temporal").toAbsolutePath();
  private static final List<Process> RESTARTED = new ArrayList<>();

  enum Part {
    POSTGRES,
    REDIS,
    TEMPORAL
  }

  static {
    System.setProperty("LOG_FILE", EngineTestApplication.HOME.resolve("logs/test.log").toString());
    // what this class started again outlives the context's own stop: end it with the JVM
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> {
              synchronized (RESTARTED) {
                RESTARTED.forEach(Process::destroy);
              }
            }));
  }

  @DynamicPropertySource
  static void engine(DynamicPropertyRegistry registry) {
    EngineTestApplication.properties(registry);
    if (Files.isExecutable(CLI)) {
      registry.add("RENDEROWL_TEMPORAL_SERVER", () -> "dev");
      registry.add("RENDEROWL_TEMPORAL_CLI", CLI::toString);
      registry.add("RENDEROWL_TEMPORAL_PORT", () -> Integer.toString(freePort()));
      registry.add("RENDEROWL_TEMPORAL_UI_PORT", () -> Integer.toString(freePort()));
    }
    // no fair-concurrency gate: its workflow would be bound to this JVM's stopped workers
    registry.add("RENDEROWL_MAX_RUNS", () -> "0");
    registry.add("RENDEROWL_MAX_RUNS_PER_USER", () -> "0");
  }

  @Autowired TemporalConnection temporal;

  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  @ParameterizedTest(name = "restart of {0} mid-run")
  @EnumSource(Part.class)
  void aPartOfTheStackRestartedMidRunAndTheRunCompletesExactlyOnce(Part part, @TempDir Path tmp)
      throws Exception {
    Assumptions.assumeTrue(selected(part), () -> part + " not in renderowl.faults.restarts");
    Assumptions.assumeTrue(
        part != Part.TEMPORAL || "dev server".equals(stack.temporalServer()),
        () -> "the Temporal restart needs the dev server: no Temporal CLI at " + CLI);
    Instant since = Instant.now().minusSeconds(1);
    Path publishDir = tmp.resolve("published");
    WorkerProcess.Options env = WorkerProcess.options().publishDir(publishDir);
    try (WorkerProcess worker = WorkerProcess.startPolling(stack, tmp.resolve("worker"), env)) {
      String runId =
          runs.start(
                  new PipelineRequest(
                      localUser.id().toString(),
                      "Owls at night",
                      Aspect.SQUARE,
                      PipelineRequest.MIN_DURATION,
                      "en",
                      List.of("local-folder"),
                      UUID.randomUUID().toString(),
                      null,
                      null,
                      PipelineRequest.QUALITY_PREVIEW))
              .runId();
      // down while the run draws its scenes and speaks (activities writing rows, progress in Redis,
      // heartbeats and workflow tasks through Temporal)
      Stage at =
          await()
              .atMost(Duration.ofMinutes(3))
              .pollInterval(Duration.ofMillis(20))
              .until(() -> stageOf(runId), s -> s != null && s.ordinal() >= Stage.SCENES.ordinal());
      double stoppedAt = now();
      Restart restart = stop(part);
      await().pollDelay(DOWN).atMost(DOWN.plusSeconds(5)).until(() -> true);
      restart.start();
      double backAt = now();
      RunStatus done = runs.await(runId, Duration.ofMillis(200), s -> {});
      double completedAfter = now() - backAt;
      assertThat(done.state())
          .as(done.message() + "\nworker log:\n" + tail(worker.log()))
          .isEqualTo(RunState.COMPLETED);
      assertThat(worker.alive()).as("the worker process lived through it").isTrue();
      String checked = invariants().check(runId, publishDir, tmp, since);
      ActivityAttempts attempts = ActivityAttempts.of(temporal.client(), runId);
      assertThat(attempts.failedForGood())
          .as("activities that failed for good (their last attempt failed or timed out)")
          .isEmpty();
      long refused = errorsIn(worker.log());
      Map<String, Long> failedAttempts = failedAttemptsOf(worker);
      FaultReport.line(
          (switch (part) {
                case POSTGRES ->
                    "PostgreSQL server stopped (pg_ctl stop -m fast) at "
                        + at
                        + " for "
                        + DOWN.toSeconds()
                        + " s, started again on the same data directory, port and options";
                case REDIS ->
                    "Redis stopped at "
                        + at
                        + " for "
                        + DOWN.toSeconds()
                        + " s, started again (empty) on the same port";
                case TEMPORAL ->
                    "Temporal dev server stopped (SIGTERM) at "
                        + at
                        + " for "
                        + DOWN.toSeconds()
                        + " s, started again on the same port and SQLite file";
              })
              + " ("
              + stack.temporalServer()
              + ")",
          checked + "; the same worker process went on; no activity failed for good",
          true,
          completedAfter,
          String.format(
              Locale.ROOT,
              "run completed %.1f s after the part was back (%.1f s after it stopped); failed"
                  + " activity attempts in the worker (retried): %d %s; attempts beyond the"
                  + " first in the histories: %d %s; worker log lines naming a connection"
                  + " failure: %d",
              completedAfter,
              now() - stoppedAt,
              failedAttempts.values().stream().mapToLong(Long::longValue).sum(),
              failedAttempts,
              attempts.retries(),
              attempts.retried(),
              refused));
    }
  }

  /** Started again by {@link #stop}'s caller after the outage. */
  interface Restart {
    void start() throws Exception;
  }

  private Restart stop(Part part) throws Exception {
    return switch (part) {
      case POSTGRES -> stopPostgres();
      case REDIS -> stopRedis();
      case TEMPORAL -> stopTemporal();
    };
  }

  /**
   * PostgreSQL: the postmaster the stack started is stopped with a fast shutdown (every session
   * ended, open transactions rolled back, the port closed) and, after the outage, started again on
   * the same data directory, port and options ({@link PostmasterRestart}).
   */
  private Restart stopPostgres() throws Exception {
    int port = URI.create(stack.jdbcUrl().substring(5)).getPort();
    PostmasterRestart postmaster =
        PostmasterRestart.stop(
            EngineTestApplication.HOME.resolve("postgres"),
            EngineTestApplication.HOME.resolve("logs/postgres.log"));
    assertThat(listening(port)).as("PostgreSQL's port " + port + " closed").isFalse();
    return () -> {
      postmaster.start();
      assertThat(listening(port)).as("PostgreSQL back on port " + port).isTrue();
    };
  }

  /** Redis: the embedded redis-server process stopped, a new one on the same port (empty). */
  private Restart stopRedis() throws Exception {
    int port = URI.create(stack.redisUrl()).getPort();
    Path pidFile = EngineTestApplication.HOME.resolve("redis/redis.pid");
    ProcessHandle redis =
        ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()))
            .orElseThrow(() -> new AssertionError("no redis-server for port " + port));
    String binary = redis.info().command().orElseThrow();
    redis.destroy();
    redis.onExit().get(20, TimeUnit.SECONDS);
    Path folder = EngineTestApplication.HOME.resolve("redis");
    return () -> {
      Process p =
          new ProcessBuilder(
                  binary,
                  "--port",
                  Integer.toString(port),
                  "--bind",
                  "127.0.0.1",
                  "--dir",
                  folder.toString(),
                  "--save",
                  "",
                  "--appendonly",
                  "no")
              .redirectErrorStream(true)
              .redirectOutput(folder.resolve("redis-restarted.log").toFile())
              .start();
      remember(p, folder.resolve("redis.pid"));
      await().atMost(Duration.ofSeconds(30)).until(() -> listening(port));
    };
  }

  /** The Temporal dev server: SIGTERM, then the same command line (same port, same SQLite file). */
  private Restart stopTemporal() throws Exception {
    Path folder = EngineTestApplication.HOME.resolve("temporal");
    long pid = Long.parseLong(Files.readString(folder.resolve("server.pid")).strip());
    ProcessHandle server = ProcessHandle.of(pid).orElseThrow();
    List<String> command = new ArrayList<>();
    command.add(server.info().command().orElseThrow());
    command.addAll(List.of(server.info().arguments().orElseThrow()));
    assertThat(command).contains("--db-filename");
    server.destroy();
    server.onExit().get(30, TimeUnit.SECONDS);
    int port =
        Integer.parseInt(
            stack.temporalAddress().substring(stack.temporalAddress().lastIndexOf(':') + 1));
    return () -> {
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(
                  ProcessBuilder.Redirect.appendTo(folder.resolve("server.log").toFile()))
              .start();
      remember(p, folder.resolve("server.pid"));
      await().atMost(Duration.ofSeconds(60)).until(() -> listening(port));
    };
  }

  /** Ended with the JVM; its pid file lets the next stack start stop it if this JVM is killed. */
  private static void remember(Process p, Path pidFile) throws IOException {
    synchronized (RESTARTED) {
      RESTARTED.add(p);
    }
    Files.writeString(pidFile, Long.toString(p.pid()));
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static long errorsIn(String log) {
    return log.lines()
        .filter(l ->
            l.contains("Connection refused")
                || l.contains("UNAVAILABLE")
                || l.contains("JedisConnectionException")
                || l.contains("PSQLException")
                || l.contains("SQLTransientConnectionException"))
        .count();
  }

  /**
   * Activity executions in the worker that ended in an exception, by activity type, from the
   * worker's own stage-duration timer ({@code outcome="failure"}): local activities (the run
   * ledger) included, whose retried attempts the workflow history does not show.
   */
  private static Map<String, Long> failedAttemptsOf(WorkerProcess worker) throws Exception {
    Matcher url =
        Pattern.compile("health and metrics on (http://127\\.0\\.0\\.1:\\d+/actuator)")
            .matcher(worker.log());
    assertThat(url.find()).as("the worker's metrics address in its log").isTrue();
    String scrape;
    try (HttpClient http = HttpClient.newHttpClient()) {
      scrape =
          http.send(
                  HttpRequest.newBuilder(URI.create(url.group(1) + "/prometheus"))
                      .timeout(Duration.ofSeconds(20))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
    }
    Map<String, Long> failed = new TreeMap<>();
    long executions = 0;
    Pattern line =
        Pattern.compile(
            "^renderowl_stage_duration_seconds_count\\{(.*)} (\\S+)$", Pattern.MULTILINE);
    Matcher m = line.matcher(scrape);
    while (m.find()) {
      String labels = m.group(1);
      long count = (long) Double.parseDouble(m.group(2));
      executions += count;
      Matcher activity = Pattern.compile("activity=\"([^\"]*)\"").matcher(labels);
      if (labels.contains("outcome=\"failure\"") && activity.find()) {
        failed.merge(activity.group(1), count, Long::sum);
      }
    }
    assertThat(executions).as("activity executions the worker counted").isPositive();
    return failed;
  }

  private static String tail(String log) {
    return log.length() > 20_000 ? log.substring(log.length() - 20_000) : log;
  }

  private Stage stageOf(String runId) {
    return runRows
        .find(runId)
        .map(PipelineRunRow::stage)
        .filter(s -> s != null && !s.isBlank())
        .map(s -> Stage.valueOf(s.toUpperCase(Locale.ROOT)))
        .orElse(null);
  }

  private static double now() {
    return System.nanoTime() / 1e9;
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static boolean selected(Part part) {
    String only = System.getProperty("renderowl.faults.restarts", "").strip();
    return only.isEmpty()
        || java.util.Arrays.stream(only.split(","))
            .map(s -> s.strip().toUpperCase(Locale.ROOT))
            .anyMatch(part.name()::equals);
  }
}
