package io.renderowl.cli;

import static io.renderowl.cli.OwlRun.owl;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** owl admin runs on the real engine (one stack start); bad options are refused before it. */
@Tag("system")
@Timeout(value = 4, unit = TimeUnit.MINUTES) // one owl command starting the whole stack
class AdminCommandSystemTest {

  @TempDir Path home;

  @BeforeEach
  void pointTheEngineAtATemporaryHome() {
    System.setProperty("RENDEROWL_HOME", home.toString());
    System.setProperty("RENDEROWL_TEMPORAL_SERVER", "test");
  }

  @AfterEach
  void clearTheEngineProperties() {
    System.clearProperty("RENDEROWL_HOME");
    System.clearProperty("RENDEROWL_TEMPORAL_SERVER");
  }

  @Test
  void badOptionsAreRefusedNamingThemBeforeAnythingStarts() {
    OwlRun status = owl("admin", "runs", "--status", "exploded");
    OwlRun limit = owl("admin", "runs", "--limit", "500");

    assertThat(status.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(status.err()).contains("--status must be one of queued, running, completed, failed");
    assertThat(limit.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(limit.err()).contains("--limit must be between 1 and 100");
  }

  @Test
  void anOperatorListsTheRunsOfAUser() {
    OwlRun runs = owl("admin", "runs", "--user", "local@renderowl.local", "--status", "failed");

    assertThat(runs.exitCode()).as(runs.err()).isEqualTo(ExitCodes.OK);
    assertThat(runs.out())
        .containsPattern("RUN +USER +STATUS +STAGE +CREATED +TOPIC")
        .contains("page 1 of 1, 0 run(s) in all");

    OwlRun unknown = owl("admin", "runs", "--user", "nobody@owl.test");
    assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.err()).contains("no user 'nobody@owl.test'");
  }
}
