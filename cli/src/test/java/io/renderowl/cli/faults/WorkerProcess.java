package io.renderowl.cli.faults;

import io.renderowl.infra.stack.StackEndpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * An {@code owl worker} in a process of its own (this JVM's classpath), pointed at the embedded
 * stack this test JVM hosts, with its own state folder; killed with SIGKILL ({@link
 * Process#destroyForcibly()}), as an OOM killer or a lost machine would.
 *
 * <p>Every scenario starts its processes with the same environment ({@link #environment}); what a
 * scenario changes (its publish folder, providers, JVM options, a command in front of {@code java})
 * goes in its {@link Options}.
 */
final class WorkerProcess implements AutoCloseable {
  private final Process process;
  private final Path log;

  private WorkerProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * What a scenario changes in a process: its JVM options (instead of {@code -Xmx768m}), a command
   * in front of {@code java} ({@code prlimit --as=N} executes java in the same process, so the pid
   * is java's), the worker's arguments, and environment variables over {@link #environment}'s.
   */
  static final class Options {
    private final List<String> wrapper = new ArrayList<>();
    private final List<String> jvm = new ArrayList<>(List.of("-Xmx768m"));
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();

    private Options() {}

    /** The JVM options, instead of the default {@code -Xmx768m}. */
    Options jvm(List<String> options) {
      jvm.clear();
      jvm.addAll(options);
      return this;
    }

    /** A command in front of {@code java}. */
    Options wrapper(List<String> command) {
      wrapper.clear();
      wrapper.addAll(command);
      return this;
    }

    /** Arguments after {@code owl worker} (e.g. {@code --render-only}). */
    Options args(String... more) {
      args.addAll(List.of(more));
      return this;
    }

    Options env(String name, String value) {
      env.put(name, value);
      return this;
    }

    Options env(Map<String, String> more) {
      env.putAll(more);
      return this;
    }

    /** The local-folder publisher writes into {@code dir}. */
    Options publishDir(Path dir) {
      return env("RENDEROWL_PUBLISH_DIR", dir.toString());
    }

    /** The render chunks' heartbeat timeout, instead of 15 s. */
    Options renderHeartbeat(Duration timeout) {
      return env("RENDEROWL_RENDER_HEARTBEAT_SECONDS", Long.toString(timeout.toSeconds()));
    }
  }

  /** The harness defaults: a plain {@code owl worker}. */
  static Options options() {
    return new Options();
  }

  /**
   * An {@code owl worker --render-only} with JVM options of its own (a small heap, a direct-memory
   * cap) and a command in front of {@code java}, its chunks on a 30 s heartbeat timeout.
   */
  static Options cappedRenderWorker(List<String> wrapper, List<String> jvm) {
    return options()
        .wrapper(wrapper)
        .jvm(jvm)
        .args("--render-only")
        .renderHeartbeat(Duration.ofSeconds(30))
        // glibc gives each thread that allocates an arena of 64 MiB address space; x264's threads
        // would spend the address-space cap on reservations, not on memory
        .env("MALLOC_ARENA_MAX", "2");
  }

  /**
   * The environment of every process of the harness: the stack's addresses, the offline providers,
   * one render at a time on the CPU, no Quartz member.
   */
  static Map<String, String> environment(StackEndpoints stack, Path home) {
    Map<String, String> env = new LinkedHashMap<>();
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
    return env;
  }

  /** {@code owl worker} with the options' arguments. */
  static WorkerProcess start(StackEndpoints stack, Path home, Options options) {
    List<String> command = new ArrayList<>();
    command.add("worker");
    command.addAll(options.args);
    return owl(stack, home, options, command);
  }

  /**
   * Any {@code owl} command (e.g. {@code batch submit FILE}) in a process of its own, pointed at
   * the stack like a worker; its output goes to {@code home/worker.log}.
   */
  static WorkerProcess owl(StackEndpoints stack, Path home, Options options, List<String> args) {
    try {
      Files.createDirectories(home);
      Path log = home.resolve("worker.log");
      List<String> command = new ArrayList<>(options.wrapper);
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(options.jvm);
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
      env.putAll(environment(stack, home));
      env.putAll(options.env);
      return new WorkerProcess(builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start an owl process: " + e.getMessage(), e);
    }
  }

  /**
   * Starts a worker and waits until it polls; one that dies while starting (on a loaded machine its
   * first connection to Temporal can run past the client's deadline) is started again, up to three
   * times.
   */
  static WorkerProcess startPolling(StackEndpoints stack, Path home, Options options) {
    WorkerProcess worker = null;
    for (int attempt = 1; attempt <= 3; attempt++) {
      worker = start(stack, home.resolveSibling(home.getFileName() + "-" + attempt), options);
      WorkerProcess starting = worker;
      Awaitility.await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(200))
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
  int waitFor(Duration limit) throws InterruptedException {
    return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  /** The process's id: java's, also behind a wrapper that executes it. */
  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  String exitCode() {
    return process.isAlive() ? "running" : Integer.toString(process.exitValue());
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
