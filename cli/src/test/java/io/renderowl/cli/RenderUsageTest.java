package io.renderowl.cli;

import static io.renderowl.cli.OwlRun.owl;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** owl render refuses bad arguments and invalid timelines before the engine starts. */
class RenderUsageTest {
  @TempDir Path home;
  @TempDir Path tmp;

  @BeforeEach
  void pointTheEngineAtATemporaryHome() {
    // Were the engine started by mistake, it would lock and fill this folder.
    System.setProperty("RENDEROWL_HOME", home.toString());
    System.setProperty("RENDEROWL_TEMPORAL_SERVER", "test");
  }

  @AfterEach
  void clearTheEngineProperties() {
    System.clearProperty("RENDEROWL_HOME");
    System.clearProperty("RENDEROWL_TEMPORAL_SERVER");
  }

  @Test
  void renderNeedsAnOutput() {
    OwlRun run = owl("render", "timeline.json");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("--output").contains("(see 'owl render --help')");
  }

  @Test
  void aMissingTimelineFileIsAUsageError() {
    OwlRun run =
        owl(
            "render",
            tmp.resolve("nope.json").toString(),
            "--output",
            tmp.resolve("out.mp4").toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err())
        .isEqualTo("owl: no timeline file " + tmp.resolve("nope.json") + System.lineSeparator());
    assertThat(home).isEmptyDirectory();
  }

  @Test
  void everyProblemOfAnInvalidTimelineIsPrintedAndNothingStarts() throws Exception {
    Path timeline = tmp.resolve("bad.json");
    Files.writeString(
        timeline,
        """
        {"name": "bad", "resolution": "320x240", "fps": 30, "background_color": "#000000",
         "transition_type": "none", "duration": 3.0,
         "tracks": [
           {"id": "t1", "name": "pictures", "type": "image", "order": 0, "is_visible": true,
            "clips": [
              {"id": "c1", "type": "image", "start_time": 0.0, "duration": -1.0, "source_url": "missing.png", "content": {}},
              {"id": "c2", "type": "image", "start_time": 2.0, "duration": 5.0, "source_url": "also-missing.png", "content": {}}]}]}
        """);

    OwlRun run = owl("render", timeline.toString(), "--output", tmp.resolve("out.mp4").toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("owl: " + timeline + " is not a valid timeline (");
    assertThat(run.err()).contains("c1", "c2", "missing.png", "also-missing.png");
    assertThat(run.err().lines().filter(l -> l.startsWith("  - ")).count())
        .isGreaterThanOrEqualTo(4);
    assertThat(home).isEmptyDirectory();
    assertThat(tmp.resolve("out.mp4")).doesNotExist();
  }

  @Test
  void anUnknownPresetNamesThePresets() throws Exception {
    Path timeline = tmp.resolve("ok.json");
    Files.writeString(
        timeline,
        """
        {"name": "ok", "resolution": "320x240", "fps": 30, "background_color": "#000000",
         "transition_type": "none", "duration": 1.0, "tracks": []}
        """);

    OwlRun run =
        owl(
            "render",
            timeline.toString(),
            "--output",
            tmp.resolve("out.mp4").toString(),
            "--preset",
            "8k");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err())
        .contains(
            "--preset must be one of preview, sd (480p), hd (720p), fhd (1080p), original"
                + " (source), 1080x1920, 1920x1080, 1080x1080 or 1280x720 (got '8k')");
    assertThat(home).isEmptyDirectory();
  }
}
