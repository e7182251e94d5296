package io.renderowl.infra.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

/** The embedded Redis: its binary extracted once, then run from where it was kept. */
@Timeout(value = 1, unit = TimeUnit.MINUTES) // two starts of redis-server; about 1 s here
class EmbeddedRedisServerTest {
  @TempDir Path home;

  @Test
  void theBinaryIsExtractedOnceAndRunFromItsPlaceAfterwards() throws Exception {
    Path binaries = home.resolve("cache");
    File first = EmbeddedRedisServer.cachedBinary(binaries).get();
    assertThat(first.toPath().getParent()).isEqualTo(binaries);
    assertThat(first.getName()).startsWith("redis-server-");
    assertThat(first.canExecute()).as("executable").isTrue();
    FileTime written = Files.getLastModifiedTime(first.toPath());
    Files.setLastModifiedTime(first.toPath(), FileTime.fromMillis(written.toMillis() - 60_000));

    File second = EmbeddedRedisServer.cachedBinary(binaries).get();
    assertThat(second).isEqualTo(first);
    assertThat(Files.getLastModifiedTime(second.toPath()).toMillis())
        .as("not written again")
        .isEqualTo(written.toMillis() - 60_000);
    try (var left = Files.list(binaries)) {
      assertThat(left.toList())
          .as("no extraction folder left behind")
          .containsExactly(first.toPath());
    }

    for (int start = 0; start < 2; start++) {
      try (EmbeddedRedisServer server = EmbeddedRedisServer.start(home.resolve("redis"), binaries);
          RedisClient client =
              StackClients.redis(
                  new StackEndpoints(
                      "jdbc:none", "", "", server.url(), "", "", "default", "", null, false))) {
        assertThat(client.ping()).isEqualTo("PONG");
      }
    }
  }

  @Test
  void aPortAnotherProcessTookIsLeftForAnotherOne() throws Exception {
    // another process's listener, as the Temporal dev server's on a port it chose for itself
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      AtomicInteger tries = new AtomicInteger();
      try (EmbeddedRedisServer server =
              EmbeddedRedisServer.start(
                  home.resolve("redis"),
                  home.resolve("cache"),
                  () -> tries.getAndIncrement() == 0 ? taken.getLocalPort() : Ports.free());
          RedisClient client =
              StackClients.redis(
                  new StackEndpoints(
                      "jdbc:none", "", "", server.url(), "", "", "default", "", null, false))) {
        assertThat(tries).as("the taken port, then another").hasValue(2);
        assertThat(server.url()).doesNotContain(":" + taken.getLocalPort());
        assertThat(client.ping()).isEqualTo("PONG");
      }
    }
  }
}
