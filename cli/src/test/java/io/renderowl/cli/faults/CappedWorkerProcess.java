package io.renderowl.cli.faults;

import io.renderowl.infra.stack.StackEndpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * An {@code owl worker --render-only} process like {@link WorkerProcess}, with JVM options of its
 * own (a small heap, a direct-memory cap) and a command in front of {@code java} ({@code prlimit
 * --as=N}, which sets the limit and then executes java in the same process, so the pid is java's).
 */
final class CappedWorkerProcess implements AutoCloseable {
  private final Process process;
  private final Path log;

  private CappedWorkerProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static CappedWorkerProcess startPolling(
      StackEndpoints stack,
      Path home,
      List<String> wrapper,
      List<String> jvmOptions,
      Map<String, String> extraEnv) {
    CappedWorkerProcess worker = null;
    for (int attempt = 1; attempt <= 3; attempt++) {
      worker =
          start(
              stack,
              home.resolveSibling(home.getFileName() + "-" + attempt),
              wrapper,
              jvmOptions,
              extraEnv);
      CappedWorkerProcess starting = worker;
      Awaitility.await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> !starting.alive() || starting.log().contains("polling Temporal at"));
      if (worker.alive()) {
        return worker;
      }
    }
    throw new IllegalStateException(
        "the capped worker did not start three times:\n" + worker.log());
  }

  private static CappedWorkerProcess start(
      StackEndpoints stack,
      Path home,
      List<String> wrapper,
      List<String> jvmOptions,
      Map<String, String> extraEnv) {
    try {
      Files.createDirectories(home);
      Path log = home.resolve("worker.log");
      List<String> command = new ArrayList<>(wrapper);
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(jvmOptions);
      command.add("--enable-native-access=ALL-UNNAMED");
      command.add("--sun-misc-unsafe-memory-access=allow");
      String javacpp = System.getProperty("org.bytedeco.javacpp.cachedir");
      if (javacpp != null) {
        command.add("-Dorg.bytedeco.javacpp.cachedir=" + javacpp);
      }
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add("io.renderowl.cli.OwlMain");
      command.add("worker");
      command.add("--render-only");
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
      env.put("RENDEROWL_RENDER_HEARTBEAT_SECONDS", "30");
      env.put("RENDEROWL_RENDER_CONCURRENCY", "1");
      env.put("RENDEROWL_RENDER_GPU", "off");
      // glibc gives each thread that allocates an arena of 64 MiB address space; x264's threads
      // would spend the address-space cap on reservations, not on memory
      env.put("MALLOC_ARENA_MAX", "2");
      env.putAll(extraEnv);
      return new CappedWorkerProcess(builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a capped owl worker: " + e.getMessage(), e);
    }
  }

  long javaPid() {
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
      process.destroyForcibly();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
