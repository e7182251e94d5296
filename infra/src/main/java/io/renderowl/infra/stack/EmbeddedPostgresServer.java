package io.renderowl.infra.stack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * PostgreSQL from zonky's embedded binaries. The data directory is kept, so a later start sees the
 * earlier rows (initdb runs only the first time).
 */
final class EmbeddedPostgresServer implements AutoCloseable {
  private final EmbeddedPostgres postgres;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /**
   * Starts PostgreSQL on a port from {@link Ports#free()}, as the stack's other parts: left to
   * choose its own, the driver's port probe and another part's could get the same free port at the
   * same moment (the stack starts its parts side by side), and PostgreSQL then waited its 60 s for
   * a port the Temporal dev server had bound (a CI run's `StickyChildAfterRestartTest`: both on
   * 36955).
   */
  static EmbeddedPostgresServer start(Path dataDirectory, Path binariesDirectory, Path log) {
    return Ports.retryWhenTaken(
        "embedded PostgreSQL", () -> start(dataDirectory, binariesDirectory, log, Ports.free()));
  }

  private static EmbeddedPostgresServer start(
      Path dataDirectory, Path binariesDirectory, Path log, int port) {
    try {
      Files.createDirectories(binariesDirectory);
      Files.createDirectories(log.getParent());
      boolean fresh = !Files.exists(dataDirectory.resolve("PG_VERSION"));
      stopOrphan(dataDirectory);
      EmbeddedPostgres pg =
          EmbeddedPostgres.builder()
              .setPort(port)
              .setDataDirectory(dataDirectory)
              .setCleanDataDirectory(false)
              .setOverrideWorkingDirectory(binariesDirectory.toFile())
              .setPGStartupWait(Duration.ofSeconds(60))
              .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .setServerConfig("fsync", "on")
              .start();
      StackLog.info(
          "PostgreSQL (embedded) on port {} with data in {}{}",
          pg.getPort(),
          dataDirectory,
          fresh ? " (new database)" : "");
      return new EmbeddedPostgresServer(pg);
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
    return postgres.getPort();
  }

  String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", "postgres");
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
