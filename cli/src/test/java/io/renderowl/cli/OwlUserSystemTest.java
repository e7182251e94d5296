package io.renderowl.cli;

import static io.renderowl.cli.OwlRun.owl;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** owl user on the real engine: every command starts and stops the stack, so few invocations. */
@Tag("system")
@Timeout(value = 6, unit = TimeUnit.MINUTES) // five owl commands, each starting the whole stack
class OwlUserSystemTest {

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
  void anOperatorAddsAUserGivesItAKeyAndDisablesIt() throws Exception {
    OwlRun added;
    InputStream stdin = System.in;
    try {
      System.setIn(
          new ByteArrayInputStream("a long enough secret\n".getBytes(StandardCharsets.UTF_8)));
      added = owl("user", "add", "ops@owl.test", "--name", "Ops", "--password-stdin");
    } finally {
      System.setIn(stdin);
    }
    assertThat(added.exitCode()).as(added.err()).isEqualTo(ExitCodes.OK);
    assertThat(added.out()).contains("added ops@owl.test (user, id ");
    assertThat(added.out() + added.err()).doesNotContain("a long enough secret");

    Path keyFile = home.resolve("api-key");
    assertThat(Files.readString(keyFile)).startsWith("owl_");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
        .isEqualTo("rw-------");

    OwlRun key = owl("user", "key", "create", "ci", "--email", "ops@owl.test");
    assertThat(key.exitCode()).as(key.err()).isEqualTo(ExitCodes.OK);
    String secret = key.out().strip();
    assertThat(secret).startsWith("owl_");

    OwlRun disabled = owl("user", "disable", "ops@owl.test");
    assertThat(disabled.exitCode()).as(disabled.err()).isEqualTo(ExitCodes.OK);

    OwlRun list = owl("user", "list");
    assertThat(list.exitCode()).as(list.err()).isEqualTo(ExitCodes.OK);
    assertThat(list.out())
        .containsPattern("admin +active +no +local@renderowl\\.local")
        .containsPattern("user +disabled +yes +ops@owl\\.test")
        .doesNotContain(secret);

    OwlRun unknown = owl("user", "disable", "nobody@owl.test");
    assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.err()).contains("no user nobody@owl.test");
  }
}
