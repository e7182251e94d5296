package io.renderowl.cli.faults;

import io.renderowl.infra.stack.StackEndpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An {@code owl worker} in a process of its own (this JVM's classpath), pointed at the embedded
 * stack this test JVM hosts, with its own state folder; killed with SIGKILL ({@link
 * Process#destroyForcibly()}), as an OOM killer or a lost machine would.
 */
final class WorkerProcess implements AutoCloseable {
  private final Process process;
  private final Path log;

  private WorkerProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static WorkerProcess start(
      StackEndpoints stack, Path home, Map<String, String> extraEnv, String... args) {
    List<String> command = new ArrayList<>();
    command.add("worker");
    command.addAll(List.of(args));
    return owl(stack, home, extraEnv, command);
  }

  /**
   * Any {@code owl} command (e.g. {@code batch submit FILE}) in a process of its own, pointed at
   * the stack like a worker; its output goes to {@code home/worker.log}.
   */
  static WorkerProcess owl(
      StackEndpoints stack, Path home, Map<String, String> extraEnv, List<String> args) {
    try {
      Files.createDirectories(home);
      Path log = home.resolve("worker.log");
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-Xmx768m");
      command.add("--enable-native-access=ALL-UNNAMED");
      command.add("--sun-misc-unsafe-memory-access=allow");
      String javacpp = System.getProperty("org.bytedeco.javacpp.cachedir");
      if (javacpp != null) {
        command.add("-Dorg.bytedeco.javacpp.cachedir=" + javacpp);
      }
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add("io.renderowl.cli.OwlMain");
      command.addAll(args);
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .directory(home.toFile());
      Map<String, String> env = builder.environment();
      env.put("RENDEROWL_HOME", home.toString());
      env.put("RENDEROWL_DB_URL", stack.jdbcUrl());
      env.put("RENDEROWL_DB_USER", stack.dbUser());
      env.put("RENDEROWL_DB_PASSWORD", stack.dbPassword() == null ? "" : stack.dbPassword());
      env.put("RENDEROWL_REDIS_URL", stack.redisUrl());
      env.put("RENDEROWL_S3_ENDPOINT", stack.s3Endpoint());
      env.put("RENDEROWL_TEMPORAL_ADDRESS", stack.temporalAddress());
      env.put("RENDEROWL_TEMPORAL_NAMESPACE", stack.temporalNamespace());
      // 15 s, not the 5 s of the in-process tests: a loaded machine must not time out a live chunk
      env.put("RENDEROWL_RENDER_HEARTBEAT_SECONDS", "15");
      env.put("RENDEROWL_RENDER_CONCURRENCY", "1");
      env.put("RENDEROWL_RENDER_GPU", "off");
      env.put("RENDEROWL_SCRIPT_PROVIDER", "offline");
      env.put("RENDEROWL_VISUAL_PROVIDERS", "procedural");
      env.put("RENDEROWL_VOICE_PROVIDER", "espeak");
      // no Quartz member unless a scenario asks for one: channels another scenario left in the
      // shared test database must not fire runs here
      env.put("RENDEROWL_SCHEDULER", "false");
      env.putAll(extraEnv);
      return new WorkerProcess(builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start an owl worker: " + e.getMessage(), e);
    }
  }

  /**
   * Starts a worker and waits until it polls; one that dies while starting (on a loaded machine its
   * first connection to Temporal can run past the client's deadline) is started again, up to three
   * times.
   */
  static WorkerProcess startPolling(
      StackEndpoints stack, Path home, Map<String, String> extraEnv, String... args) {
    WorkerProcess worker = null;
    for (int attempt = 1; attempt <= 3; attempt++) {
      worker =
          start(stack, home.resolveSibling(home.getFileName() + "-" + attempt), extraEnv, args);
      WorkerProcess starting = worker;
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofMinutes(3))
          .pollInterval(java.time.Duration.ofMillis(200))
          .until(() -> !starting.alive() || starting.log().contains("polling Temporal at"));
      if (worker.alive()) {
        return worker;
      }
    }
    throw new IllegalStateException("the owl worker did not start three times:\n" + worker.log());
  }

  /** SIGKILL: no shutdown hook, no heartbeat, no cleanup. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits at most {@code limit} for the process to end; its exit code, or -1 if still alive. */
  int waitFor(java.time.Duration limit) throws InterruptedException {
    return process.waitFor(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
        ? process.exitValue()
        : -1;
  }

  boolean alive() {
    return process.isAlive();
  }

  String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }
}
