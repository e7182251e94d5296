package io.renderowl.infra.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The dev server as the stack starts it. Needs the Temporal CLI that .ci/run builds. */
@Tag("system")
@Timeout(value = 4, unit = TimeUnit.MINUTES) // two starts of the dev server (up to 60 s); ~1 s here
class TemporalDevServerTest {
  @TempDir Path home;

  @Test
  void theServerRunsWithItsProgressWrittenDownEverySecondAndItsDatabaseInWalMode()
      throws Exception {
    Optional<Path> cli = TemporalDevServer.findCli("", Path.of("..", ".owl").toAbsolutePath());
    assumeThat(cli).as("no temporal binary: run infra/scripts/build-temporal-cli.sh").isPresent();
    try (TemporalDevServer server = start(cli.get())) {
      List<String> arguments =
          Arrays.asList(server.process().info().arguments().orElse(new String[0]));
      // started and answering (start waits for the namespace) with each value on its command line
      assertThat(arguments).containsAll(TemporalDevServer.PROGRESS_WRITTEN_DOWN);
      assertThat(arguments.stream().filter("--dynamic-config-value"::equals).count())
          .isGreaterThanOrEqualTo(TemporalDevServer.PROGRESS_WRITTEN_DOWN.size());
      // the database is in WAL mode: the header's file format versions (bytes 18, 19) are 2
      // (1 for a rollback journal, SQLite's default), and the log sits beside it
      byte[] header = new byte[100];
      try (var in = Files.newInputStream(home.resolve("temporal").resolve("temporal.db"))) {
        assertThat(in.readNBytes(header, 0, header.length)).isEqualTo(header.length);
      }
      assertThat(new String(header, 0, 15, StandardCharsets.US_ASCII)).isEqualTo("SQLite format 3");
      assertThat(new byte[] {header[18], header[19]}).containsExactly(2, 2);
      assertThat(home.resolve("temporal").resolve("temporal.db-wal")).exists();
    }
  }

  /**
   * The Go SDK names a worker's binary by the MD5 of its whole executable unless told a checksum;
   * the server creates its own workers (the scanners) at every start, so the stock CLI read and
   * hashed its 250 MB executable each time (0.3 s of CPU). Ours sets the checksum
   * (infra/temporal-dev-server): its reads stay in the megabytes of the SQLite file and its
   * configuration, checked once the scanners, whose workers are created first, are running.
   */
  @Test
  void theServerDoesNotReadItsOwnExecutableAtStart() throws Exception {
    Optional<Path> cli = TemporalDevServer.findCli("", Path.of("..", ".owl").toAbsolutePath());
    assumeThat(cli).as("no temporal binary: run infra/scripts/build-temporal-cli.sh").isPresent();
    assumeThat(Path.of("/proc/self/io")).as("Linux's per-process I/O counters").exists();
    long executable = Files.size(cli.get().toRealPath());
    try (TemporalDevServer server = start(cli.get())) {
      WorkflowServiceStubs stubs =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder().setTarget(server.address()).build());
      try {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() ->
                stubs
                    .blockingStub()
                    .listOpenWorkflowExecutions(
                        ListOpenWorkflowExecutionsRequest.newBuilder()
                            .setNamespace("temporal-system")
                            .setMaximumPageSize(10)
                            .build())
                    .getExecutionsList()
                    .stream()
                    .anyMatch(e -> e.getExecution().getWorkflowId().contains("scanner")));
      } finally {
        stubs.shutdownNow();
      }
      Path io = Path.of("/proc", Long.toString(server.process().pid()), "io");
      // the stock CLI is past 40 MB of its executable by then and reads all of it within a second
      await()
          .during(Duration.ofSeconds(1))
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(() ->
              assertThat(bytesRead(io))
                  .as("bytes the dev server has read (its executable has %d)", executable)
                  .isLessThan(executable / 10));
    }
  }

  private TemporalDevServer start(Path cli) {
    return TemporalDevServer.start(
        cli, home.resolve("temporal"), Ports.free(), Ports.free(), "default", List.of());
  }

  private static long bytesRead(Path io) throws java.io.IOException {
    return Files.readAllLines(io).stream()
        .filter(l -> l.startsWith("rchar:"))
        .mapToLong(l -> Long.parseLong(l.substring("rchar:".length()).strip()))
        .findFirst()
        .orElseThrow();
  }
}
