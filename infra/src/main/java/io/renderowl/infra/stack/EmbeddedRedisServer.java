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
    int port = Ports.free();
    try {
      Files.createDirectories(folder);
      Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
      RedisServer server =
          RedisServer.newRedisServer()
              .port(port)
              .bind("127.0.0.1")
              .setting("dir " + folder)
              .setting("save \"\"")
              .setting("appendonly no")
              .onShutdownForceStop(true)
              .build();
      server.start();
      StackLog.info("Redis (embedded) on port {}", port);
      return new EmbeddedRedisServer(server, port);
    } catch (IOException e) {
      throw new UncheckedIOException("embedded Redis did not start on port " + port, e);
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
