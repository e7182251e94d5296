package io.renderowl.infra.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class PortsTest {

  @Test
  void aPortIsHandedOutOncePerProcess() {
    Set<Integer> ports = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      assertThat(ports.add(Ports.free())).isTrue();
    }
  }

  @Test
  void postgresListensOnAPortThisProcessHandedOut(@TempDir Path dir) throws Exception {
    try (EmbeddedPostgresServer postgres =
        EmbeddedPostgresServer.start(
            dir.resolve("postgres"),
            Path.of(System.getProperty("user.home"), ".cache", "renderowl", "postgres"),
            dir.resolve("logs/postgres.log"))) {
      // so no other part of the stack, starting beside it, is given the same port
      assertThat(Ports.handedOut(postgres.port())).isTrue();
      assertThat(postgres.jdbcUrl()).contains(":" + postgres.port() + "/");
    }
  }

  @Test
  void aServerWhosePortWasTakenStartsAgainOnAnotherOne() {
    AtomicInteger tries = new AtomicInteger();
    String started =
        Ports.retryWhenTaken(
            "test server",
            () -> {
              if (tries.incrementAndGet() == 1) {
                throw new UncheckedIOException(new BindException("Address already in use"));
              }
              return "up";
            });
    assertThat(started).isEqualTo("up");
    assertThat(tries).hasValue(2);
  }

  @Test
  void aTakenPortIsRecognisedInJavasAndGosWords(@TempDir Path dir) throws Exception {
    assertThat(Ports.portTaken(new RuntimeException(new BindException("Address already in use"))))
        .isTrue();
    assertThat(Ports.portTaken(new IllegalStateException("no such file"))).isFalse();

    // the Temporal dev server's log: a line from an earlier start, then this start's
    Path log = dir.resolve("server.log");
    Files.writeString(log, "listen tcp 127.0.0.1:7233: bind: address already in use (old)\n");
    long from = Files.size(log);
    Files.writeString(
        log,
        "starting\nlisten tcp 127.0.0.1:46001: bind: address already in use\n",
        StandardOpenOption.APPEND);
    String reason = TemporalDevServer.lastLineAbout(log, from, "address already in use");
    assertThat(reason).isEqualTo(": listen tcp 127.0.0.1:46001: bind: address already in use");
    assertThat(Ports.portTaken(new IllegalStateException("the dev server exited" + reason)))
        .isTrue();
    assertThat(TemporalDevServer.lastLineAbout(log, Files.size(log), "address already in use"))
        .isEmpty();
  }

  @Test
  void otherFailuresAndAThirdTakenPortAreNotRetried() {
    AtomicInteger tries = new AtomicInteger();
    assertThatThrownBy(() ->
            Ports.retryWhenTaken(
                "test server",
                () -> {
                  tries.incrementAndGet();
                  throw new IllegalStateException("no such binary");
                }))
        .hasMessage("no such binary");
    assertThat(tries).hasValue(1);

    tries.set(0);
    assertThatThrownBy(() ->
            Ports.retryWhenTaken(
                "test server",
                () -> {
                  tries.incrementAndGet();
                  throw new IllegalStateException("bind(..) failed: Address already in use");
                }))
        .hasMessageContaining("Address already in use");
    assertThat(tries).hasValue(3);
  }
}
