package io.renderowl.infra.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.renderowl.infra.stack.StackEndpoints;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.testserver.TestServer;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The connection's gRPC channel runs on event loops of its own, stopped by {@code close()}: gRPC's
 * shared loops outlived the channel by a second, waiting in native code, and a JVM exiting with a
 * thread in native code waits up to 0.3 s for it.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class TemporalConnectionTest {

  private static List<Thread> transportThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("temporal-grpc-") && t.isAlive())
        .toList();
  }

  @Test
  void closeStopsTheChannelsEventLoops() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    try (TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port, true)) {
      StackEndpoints endpoints =
          new StackEndpoints(
              "jdbc:unused",
              "",
              "",
              "redis://unused",
              "http://unused",
              "127.0.0.1:" + port,
              "default",
              "test server",
              "",
              false);
      TemporalConnection connection = TemporalConnection.open(endpoints);
      connection.stubs().blockingStub().getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
      assertThat(transportThreads()).as("the channel's own event loop").isNotEmpty();

      connection.close();

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(transportThreads()).isEmpty());
      assertThat(connection.stubs().isTerminated()).isTrue();
    }
  }
}
