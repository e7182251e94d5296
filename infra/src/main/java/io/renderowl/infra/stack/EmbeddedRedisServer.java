package io.renderowl.infra.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import redis.embedded.RedisServer;

/** Redis from the embedded-redis binary, loopback only, no persistence (it holds live state). */
final class EmbeddedRedisServer implements AutoCloseable {
  private final RedisServer server;
  private final int port;

  private EmbeddedRedisServer(RedisServer server, int port) {
    this.server = server;
    this.port = port;
  }

  static EmbeddedRedisServer start(Path folder) {
    return Ports.retryWhenTaken("embedded Redis", () -> start(folder, Ports.free()));
  }

  private static EmbeddedRedisServer start(Path folder, int port) {
    try {
      Files.createDirectories(folder);
      Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
      Path pidFile = folder.resolve("redis.pid");
      stopOrphan(pidFile);
      RedisServer server = startServer(folder, port);
      ProcessHandle.current()
          .descendants()
          .filter(h -> h.info().command().map(c -> c.contains("redis-server")).orElse(false))
          .max(
              java.util.Comparator.comparing(
                  h -> h.info().startInstant().orElse(java.time.Instant.EPOCH)))
          .ifPresent(h -> writePid(pidFile, h.pid()));
      StackLog.info("Redis (embedded) on port {}", port);
      return new EmbeddedRedisServer(server, port);
    } catch (IOException e) {
      throw new UncheckedIOException("embedded Redis did not start on port " + port, e);
    }
  }

  /**
   * Starts redis-server, trying again when the freshly extracted binary is "Text file busy": the
   * library writes it just before running it, and a process started at that moment by another
   * thread of ours (the stack starts its parts in parallel) briefly inherits the open file.
   */
  private static RedisServer startServer(Path folder, int port) throws IOException {
    for (int attempt = 1; ; attempt++) {
      RedisServer server =
          RedisServer.newRedisServer()
              .port(port)
              .bind("127.0.0.1")
              .setting("dir " + folder)
              .setting("save \"\"")
              .setting("appendonly no")
              .onShutdownForceStop(true)
              .build();
      try {
        server.start();
        return server;
      } catch (IOException e) {
        if (attempt >= 5 || !textFileBusy(e)) {
          throw e;
        }
        StackLog.warn("redis-server binary busy (attempt {}); trying again", attempt);
        try {
          Thread.sleep(100L * attempt);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private static boolean textFileBusy(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains("Text file busy")) {
        return true;
      }
    }
    return false;
  }

  /** A redis-server left running by a process that was killed (it holds nothing we need). */
  private static void stopOrphan(Path pidFile) throws IOException {
    if (!Files.exists(pidFile)) {
      return;
    }
    try {
      ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()))
          .filter(ProcessHandle::isAlive)
          .filter(h -> h.info().command().map(c -> c.contains("redis-server")).orElse(false))
          .ifPresent(h -> {
            StackLog.warn("stopping a Redis left running by an earlier process (pid {})", h.pid());
            h.destroyForcibly();
          });
    } catch (NumberFormatException e) {
      // not a pid: nothing to stop
    }
    Files.deleteIfExists(pidFile);
  }

  private static void writePid(Path pidFile, long pid) {
    try {
      Files.writeString(pidFile, Long.toString(pid));
    } catch (IOException e) {
      StackLog.warn("cannot write {}: {}", pidFile, e.toString());
    }
  }

  String url() {
    return "redis://127.0.0.1:" + port;
  }

  @Override
  public void close() throws IOException {
    server.stop();
  }
}
