package io.renderowl.cli;

import static io.renderowl.cli.OwlRun.owl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.renderowl.infra.stack.ServingProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code owl demo} and {@code owl status} while {@code owl serve} runs on the same state folder:
 * they go through its API (its engine renders) instead of failing on the folder's lock; once it
 * stops, its announcement is gone.
 */
@Tag("system")
@Timeout(value = 6, unit = TimeUnit.MINUTES) // the stack's start, one preview run, the stop
class ServeSystemTest {
  private static final Pattern COMPLETED = Pattern.compile("completed run (run-[0-9a-f]+) in ");
  @TempDir Path home;
  @TempDir Path tmp;

  @BeforeEach
  void pointTheEngineAtATemporaryHome() {
    OfflineEngine.use(home, "RENDEROWL_MANAGEMENT_PORT", "0");
  }

  @AfterEach
  void clearTheEngineProperties() {
    OfflineEngine.clear();
  }

  @Test
  void demoAndStatusGoThroughTheRunningServer() throws Exception {
    int port = freePort();
    OwlRun[] served = new OwlRun[1];
    Thread serve =
        Thread.ofPlatform()
            .name("owl-serve")
            .start(() -> served[0] = owl("serve", "--port", Integer.toString(port)));
    try {
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> ServingProcess.find(home).isPresent() || !serve.isAlive());
      assertThat(serve.isAlive()).as("owl serve stopped: %s", (Object) served[0]).isTrue();
      Path video = tmp.resolve("demo.mp4");

      OwlRun demo = owl("demo", "--preview", "--duration", "15", "--output", video.toString());

      assertThat(demo.exitCode()).as(demo.err()).isEqualTo(ExitCodes.OK);
      assertThat(demo.out())
          .contains("through owl serve (pid " + ProcessHandle.current().pid())
          .contains("http://127.0.0.1:" + port + "/api/v1)")
          .contains("written:   " + video.toAbsolutePath());
      Matcher completed = COMPLETED.matcher(demo.out());
      assertThat(completed.find()).as(demo.out()).isTrue();
      String runId = completed.group(1);
      assertThat(Files.size(video)).isGreaterThan(10_000);
      // the server's engine made it: its local-folder publication is under the shared home
      assertThat(home.resolve("published").resolve(runId).resolve("video.mp4")).exists();

      OwlRun status = owl("status", runId);

      assertThat(status.exitCode()).as(status.err()).isEqualTo(ExitCodes.OK);
      assertThat(status.out())
          .contains("run:      " + runId, "state:    completed", "video:    http://127.0.0.1:");
    } finally {
      serve.interrupt();
      serve.join(Duration.ofMinutes(1));
    }
    assertThat(serve.isAlive()).isFalse();
    assertThat(home.resolve(ServingProcess.FILE)).doesNotExist();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
