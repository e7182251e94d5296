package io.renderowl.infra.stack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;
import redis.embedded.model.OsArchitecture;

/** Redis from the embedded-redis binary, loopback only, no persistence (it holds live state). */
final class EmbeddedRedisServer implements AutoCloseable {
  private final RedisServer server;
  private final int port;

  private EmbeddedRedisServer(RedisServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /**
   * Starts redis-server on a free port.
   *
   * @param folder its working folder (no data is saved)
   * @param binaries where the binary is kept once extracted from the library's jar
   */
  static EmbeddedRedisServer start(Path folder, Path binaries) {
    return start(folder, binaries, Ports::free);
  }

  /** As above, each try on the port {@code ports} gives. */
  static EmbeddedRedisServer start(
      Path folder, Path binaries, java.util.function.IntSupplier ports) {
    return Ports.retryWhenTaken("embedded Redis", () -> start(folder, binaries, ports.getAsInt()));
  }

  private static EmbeddedRedisServer start(Path folder, Path binaries, int port) {
    try {
      Files.createDirectories(folder);
      Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
      Path pidFile = folder.resolve("redis.pid");
      stopOrphan(pidFile);
      RedisServer server = startServer(folder, cachedBinary(binaries), port);
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
  private static RedisServer startServer(Path folder, ExecutableProvider binary, int port)
      throws IOException {
    for (int attempt = 1; ; attempt++) {
      RedisServer server =
          RedisServer.newRedisServer()
              .executableProvider(binary)
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

  /**
   * The library's redis-server for this machine, extracted once into {@code binaries} under its own
   * (versioned) name and run from there afterwards. The library's default provider wrote the 3 MB
   * binary out of its jar at every start: 45 ms of inflating and the writes in every command's
   * start (2026-12-06). Extracted into a folder of its own and then renamed, so no process ever
   * runs a half-written binary, nor one being rewritten ("Text file busy").
   */
  static ExecutableProvider cachedBinary(Path binaries) {
    return () -> {
      String resource =
          ExecutableProvider.newProvidedVersionsMap().get(OsArchitecture.detectOSandArchitecture());
      if (resource == null) {
        return ExecutableProvider.newJarResourceProvider().get(); // the library's own error
      }
      String name = resource.substring(resource.lastIndexOf('/') + 1);
      Path cached = binaries.resolve(name);
      if (Files.isExecutable(cached)) {
        return cached.toFile();
      }
      Files.createDirectories(binaries);
      Path extracting = Files.createTempDirectory(binaries, name + ".");
      try {
        File written = ExecutableProvider.newJarResourceProvider(extracting.toFile()).get();
        Files.move(written.toPath(), cached, StandardCopyOption.ATOMIC_MOVE);
      } catch (java.nio.file.FileAlreadyExistsException another) {
        // another process extracted it at the same moment: theirs is as good
      } finally {
        try (var left = Files.list(extracting)) {
          for (Path p : left.toList()) {
            Files.deleteIfExists(p);
          }
        }
        Files.deleteIfExists(extracting);
      }
      return cached.toFile();
    };
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
