package io.renderowl.infra.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
@Timeout(value = 2, unit = TimeUnit.MINUTES) // one start of the dev server (up to 60 s); ~1 s here
class TemporalDevServerTest {
  @TempDir Path home;

  @Test
  void theServerRunsWithItsProgressWrittenDownEverySecondAndItsDatabaseInWalMode()
      throws Exception {
    Optional<Path> cli = TemporalDevServer.findCli("", Path.of("..", ".owl").toAbsolutePath());
    assumeThat(cli).as("no temporal binary: run infra/scripts/build-temporal-cli.sh").isPresent();
    try (TemporalDevServer server =
        TemporalDevServer.start(
            cli.get(),
            home.resolve("temporal"),
            Ports.free(),
            Ports.free(),
            "default",
            List.of())) {
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
}
