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

/** owl credits on the real engine (each command starts and stops the stack). */
@Tag("system")
@Timeout(value = 5, unit = TimeUnit.MINUTES) // every owl command starts and stops the stack
class CreditsCommandSystemTest {

  @TempDir Path home;

  @BeforeEach
  void pointTheEngineAtATemporaryHome() {
    System.setProperty("RENDEROWL_HOME", home.toString());
    System.setProperty("RENDEROWL_TEMPORAL_SERVER", "test");
    System.setProperty("RENDEROWL_CREDITS_INITIAL_GRANT", "10");
  }

  @AfterEach
  void clearTheEngineProperties() {
    System.clearProperty("RENDEROWL_HOME");
    System.clearProperty("RENDEROWL_TEMPORAL_SERVER");
    System.clearProperty("RENDEROWL_CREDITS_INITIAL_GRANT");
  }

  @Test
  void anOperatorGrantsCreditsOncePerKeyAndSeesTheBalance() {
    OwlRun first = owl("credits", "grant", "25", "--key", "welcome", "--reason", "welcome pack");
    assertThat(first.exitCode()).as(first.err()).isEqualTo(ExitCodes.OK);
    assertThat(first.out()).contains("granted 25 credits; balance 35, available 35");

    OwlRun again = owl("credits", "grant", "25", "--key", "welcome");
    assertThat(again.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(again.out()).contains("already granted under this key; balance 35");

    OwlRun balance = owl("credits", "balance", "--user", "local@renderowl.local");
    assertThat(balance.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(balance.out()).contains("balance 35, reserved 0, available 35");

    OwlRun nobody = owl("credits", "grant", "5", "--user", "nobody@example.test");
    assertThat(nobody.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(nobody.err()).contains("no user 'nobody@example.test'");
  }

  @Test
  void aGrantOfNothingIsAUsageErrorAndStartsNothing() {
    OwlRun run = owl("credits", "grant", "0");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("AMOUNT must be at least 1");
  }
}
