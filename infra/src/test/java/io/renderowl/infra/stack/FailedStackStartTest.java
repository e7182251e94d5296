package io.renderowl.infra.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.renderowl.infra.config.RenderowlSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stack whose Temporal part fails at once while Redis is still starting: the failed start stops
 * Redis too, once it is up, instead of leaving it running with the state folder's servers (in one
 * CI run a PostgreSQL left that way kept its data folder locked for every later test context).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // starts embedded Redis twice; ~1 s here
class FailedStackStartTest {

  @Test
  void aPartStillStartingWhenAnotherFailsIsStoppedToo(@TempDir Path home) throws Exception {
    RenderowlSettings failing =
        RenderowlSettings.from(
            Map.of(
                    "RENDEROWL_HOME",
                    home.toString(),
                    "RENDEROWL_DB_URL",
                    "jdbc:postgresql://127.0.0.1:1/none",
                    "RENDEROWL_S3_ENDPOINT",
                    "http://127.0.0.1:1",
                    "RENDEROWL_TEMPORAL_CLI",
                    home.resolve("no-such-temporal").toString())
                ::get);

    assertThatThrownBy(() -> EmbeddedStack.start(failing))
        .hasMessageContaining("RENDEROWL_TEMPORAL_CLI");

    // none running, and none coming up later from a start still under way when the failure came
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .until(FailedStackStartTest::redisServers, n -> n == 0);
    try (EmbeddedStack again = EmbeddedStack.start(EarlyStackTest.settings(home))) {
      assertThat(again.endpoints().redisUrl()).startsWith("redis://");
    }
  }

  private static long redisServers() {
    return ProcessHandle.current()
        .descendants()
        .filter(ProcessHandle::isAlive)
        .filter(h -> h.info().command().map(c -> c.contains("redis-server")).orElse(false))
        .count();
  }
}
