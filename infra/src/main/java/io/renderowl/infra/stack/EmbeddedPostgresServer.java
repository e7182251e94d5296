package io.renderowl.infra.stack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;

/**
 * PostgreSQL from zonky's embedded binaries. The data directory is kept, so a later start sees the
 * earlier rows (initdb runs only the first time). The first start with binaries not seen before
 * goes through zonky, which extracts them and runs initdb; every other start, on a new data
 * directory too, runs the recorded binaries directly ({@link Postmaster}, {@link
 * PostgresBinaries}): zonky reads and hashes its 15 MB archive at every start to find them, waits
 * on {@code pg_ctl -w}'s 100 ms polls for the start and the stop, and waits its whole start wait
 * (60 s) when the server failed at once because another process took its port.
 */
final class EmbeddedPostgresServer implements AutoCloseable {
  /**
   * The server's settings: zonky's defaults (time zone, asynchronous commit, connections) and ours.
   * The same on both paths below.
   */
  static final Map<String, String> SERVER_CONFIG =
      Map.of(
          "timezone", "UTC",
          "synchronous_commit", "off",
          "max_connections", "300",
          "fsync", "on",
          // IPv4 loopback only, as the stack's other parts, and as the JDBC URL says: with the
          // default ("localhost": ::1 and 127.0.0.1 where both exist) a server whose 127.0.0.1
          // port another process took started on ::1 alone, and the driver reached that process
          "listen_addresses", "127.0.0.1");

  /** Zonky's server: the first start on a data directory, or with binaries not seen before. */
  private final @Nullable EmbeddedPostgres zonky;

  /** Every later start: the recorded binaries, started and stopped without pg_ctl's waits. */
  private final @Nullable Postmaster postmaster;

  private final int port;

  private EmbeddedPostgresServer(
      @Nullable EmbeddedPostgres zonky, @Nullable Postmaster postmaster, int port) {
    this.zonky = zonky;
    this.postmaster = postmaster;
    this.port = port;
  }

  /**
   * Starts PostgreSQL on a port from {@link Ports#free()}, as the stack's other parts: left to
   * choose its own, the driver's port probe and another part's could get the same free port at the
   * same moment (the stack starts its parts side by side), and PostgreSQL then waited its 60 s for
   * a port the Temporal dev server had bound (a CI run's `StickyChildAfterRestartTest`: both on
   * 36955). The dev server also picks ports for its own services, which this process cannot hand
   * out: when it took PostgreSQL's, the start fails with "Address already in use" and is tried
   * again on another port (a CI run's `PermitGateAfterRestartTest`, 2026-12-07).
   */
  static EmbeddedPostgresServer start(Path dataDirectory, Path binariesDirectory, Path log) {
    return start(dataDirectory, binariesDirectory, log, Ports::free);
  }

  /** As above, each try on the port {@code ports} gives. */
  static EmbeddedPostgresServer start(
      Path dataDirectory, Path binariesDirectory, Path log, IntSupplier ports) {
    return Ports.retryWhenTaken(
        "embedded PostgreSQL",
        () -> start(dataDirectory, binariesDirectory, log, ports.getAsInt()));
  }

  private static EmbeddedPostgresServer start(
      Path dataDirectory, Path binariesDirectory, Path log, int port) {
    try {
      Files.createDirectories(binariesDirectory);
      Files.createDirectories(log.getParent());
      boolean fresh = !Files.exists(dataDirectory.resolve("PG_VERSION"));
      stopOrphan(dataDirectory);
      Optional<Path> binaries =
          fresh || Files.exists(dataDirectory.resolve("postgresql.conf"))
              ? PostgresBinaries.recorded(binariesDirectory)
              : Optional.empty();
      if (binaries.isPresent()) {
        if (fresh) {
          Postmaster.initdb(binaries.get(), dataDirectory, log);
        }
        Postmaster server =
            Postmaster.start(binaries.get(), dataDirectory, port, SERVER_CONFIG, log);
        StackLog.info(
            "PostgreSQL (embedded) on port {} with data in {}{}",
            server.port(),
            dataDirectory,
            fresh ? " (new database)" : "");
        return new EmbeddedPostgresServer(null, server, server.port());
      }
      long logStart = Files.exists(log) ? Files.size(log) : 0;
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setPort(port)
              .setDataDirectory(dataDirectory)
              .setCleanDataDirectory(false)
              .setOverrideWorkingDirectory(binariesDirectory.toFile())
              .setPGStartupWait(Duration.ofSeconds(60))
              .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()));
      SERVER_CONFIG.forEach(builder::setServerConfig);
      EmbeddedPostgres pg;
      try {
        pg = builder.start();
      } catch (IOException | RuntimeException e) {
        // zonky says only that it gave up waiting; the log says why ("Address already in use"
        // when another process took the port: then the start is tried again on another)
        List<String> failure = Postmaster.failureLines(log, logStart);
        if (failure.isEmpty()) {
          throw e;
        }
        throw new IllegalStateException(
            "PostgreSQL did not start on port " + port + ": " + String.join("; ", failure), e);
      }
      // the next start goes straight to these binaries (PostgresBinaries)
      PostgresBinaries.record(binariesDirectory, dataDirectory);
      StackLog.info(
          "PostgreSQL (embedded) on port {} with data in {}{}",
          pg.getPort(),
          dataDirectory,
          fresh ? " (new database)" : "");
      return new EmbeddedPostgresServer(pg, null, pg.getPort());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "embedded PostgreSQL did not start (data " + dataDirectory + ", log " + log + ")", e);
    }
  }

  /**
   * A postmaster left running on this data directory by a process that was killed. The caller holds
   * the state folder's lock, so no live Renderowl process owns it: stop it (smart shutdown, then
   * forcibly) so this start can use the directory.
   */
  private static void stopOrphan(Path dataDirectory) throws IOException {
    Path pidFile = dataDirectory.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    long pid;
    try {
      pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().strip());
    } catch (RuntimeException e) {
      return;
    }
    ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(h -> h.info().command().map(c -> c.endsWith("postgres")).orElse(false))
        .ifPresent(h -> {
          StackLog.warn(
              "stopping a PostgreSQL left running on {} by an earlier process (pid {})",
              dataDirectory,
              pid);
          h.destroy();
          h.onExit()
              .orTimeout(20, java.util.concurrent.TimeUnit.SECONDS)
              .exceptionally(t -> null)
              .join();
          if (h.isAlive()) {
            h.destroyForcibly();
            h.onExit()
                .orTimeout(5, java.util.concurrent.TimeUnit.SECONDS)
                .exceptionally(t -> null)
                .join();
          }
        });
  }

  int port() {
    return port;
  }

  /** Whether this start skipped zonky (binaries recorded by an earlier start, data initialised). */
  boolean direct() {
    return postmaster != null;
  }

  String jdbcUrl() {
    // as zonky's getJdbcUrl("postgres", "postgres"), on the one address the server listens on
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
  }

  @Override
  public void close() throws IOException {
    if (postmaster != null) {
      postmaster.close();
    } else if (zonky != null) {
      zonky.close();
    }
  }
}
