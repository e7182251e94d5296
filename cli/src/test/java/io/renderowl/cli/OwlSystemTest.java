package io.renderowl.cli;

import static io.renderowl.cli.OwlRun.owl;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
 * owl on the real engine: embedded PostgreSQL, S3Proxy, Redis and the in-process Temporal test
 * server. Every command starts and stops the whole stack, so this is kept to three invocations.
 */
@Tag("system")
@Timeout(
    value = 10,
    unit =
        TimeUnit
            .MINUTES) // every owl command starts and stops the whole stack, and two of them render
class OwlSystemTest {
  private static final Pattern COMPLETED = Pattern.compile("completed run (run-[0-9a-f]+) in ");

  @TempDir Path home;
  @TempDir Path tmp;

  @BeforeEach
  void pointTheEngineAtATemporaryHome() {
    OfflineEngine.use(home);
  }

  @AfterEach
  void clearTheEngineProperties() {
    OfflineEngine.clear();
  }

  @Test
  void aRunWritesItsVideoAndStatusReportsItAfterwards() throws Exception {
    Path video = tmp.resolve("out.mp4");

    OwlRun run =
        owl(
            "run",
            "--topic",
            "Paper airplanes",
            "--aspect",
            "1:1",
            "--duration",
            "10",
            "--output",
            video.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    Matcher completed = COMPLETED.matcher(run.out());
    assertThat(completed.find()).as(run.out()).isTrue();
    String runId = completed.group(1);
    assertThat(run.out()).contains("written:   " + video.toAbsolutePath());
    // the render's time from Temporal's start and close of the render workflow: within the run's
    Matcher runTime = Pattern.compile("completed run \\S+ in ([0-9.]+) s").matcher(run.out());
    Matcher renderTime =
        Pattern.compile("render:\\s+([0-9.]+) s \\(the render workflow, start to close\\)")
            .matcher(run.out());
    assertThat(runTime.find() && renderTime.find()).as(run.out()).isTrue();
    assertThat(Double.parseDouble(renderTime.group(1)))
        .isPositive()
        .isLessThan(Double.parseDouble(runTime.group(1)));
    assertThat(video).exists();
    assertThat(Files.size(video)).isGreaterThan(10_000);
    // The system properties reached the engine: its state and the local-folder publication are
    // under home.
    assertThat(home.resolve("postgres")).isDirectory();
    assertThat(home.resolve("published").resolve(runId).resolve("video.mp4")).exists();

    OwlRun status = owl("status", runId);

    assertThat(status.exitCode()).as(status.err()).isEqualTo(ExitCodes.OK);
    assertThat(status.out())
        .contains("run:      " + runId, "topic:    Paper airplanes", "state:    completed");

    OwlRun unknown = owl("status", "run-doesnotexist");

    assertThat(unknown.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(unknown.err())
        .isEqualTo("owl: no run or render run-doesnotexist" + System.lineSeparator());
  }

  @Test
  void renderTurnsATimelineFileWithLocalMediaIntoAVideoAndPosterInThreeChunks() throws Exception {
    java.nio.file.Files.createDirectories(tmp.resolve("media"));
    io.renderowl.activities.visuals.ProceduralPictures pictures =
        new io.renderowl.activities.visuals.ProceduralPictures();
    pictures.writePng(
        pictures.draw(
            "owls", new io.renderowl.workflows.Scene(0, "owl", "illustration", 2), 320, 240),
        tmp.resolve("media/owl.png"));
    Path timeline = tmp.resolve("timeline.json");
    Files.writeString(
        timeline,
        """
        {"name": "owl", "resolution": "320x240", "fps": 30, "background_color": "#000000",
         "transition_type": "none", "duration": 3.0,
         "tracks": [
           {"id": "t1", "name": "pictures", "type": "image", "order": 0, "is_visible": true,
            "clips": [{"id": "c1", "type": "image", "start_time": 0.0, "duration": 3.0, "source_url": "media/owl.png",
                       "content": {"fit": "cover"}}]},
           {"id": "t2", "name": "captions", "type": "text", "order": 1, "is_visible": true,
            "clips": [{"id": "c2", "type": "text", "start_time": 0.5, "duration": 2.0, "source_url": null,
                       "content": {"text": "Owls", "fontSize": 48, "color": "#ffffff"}}]}]}
        """);
    Path video = tmp.resolve("owl.mp4");

    OwlRun run = owl("render", timeline.toString(), "--output", video.toString(), "--chunks", "3");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.out())
        .contains(
            "started render render-",
            "90 frames, 320x240 at 30 fps, 3 chunk(s)",
            "completed render ");
    assertThat(run.out())
        .contains(
            "written:   " + video.toAbsolutePath(),
            "poster:    " + tmp.resolve("owl.jpg").toAbsolutePath());
    assertThat(tmp.resolve("owl.jpg")).exists();
    try (org.bytedeco.javacv.FFmpegFrameGrabber grabber =
        new org.bytedeco.javacv.FFmpegFrameGrabber(video.toFile())) {
      grabber.start();
      int frames = 0;
      while (grabber.grabImage() != null) {
        frames++;
      }
      assertThat(frames).isEqualTo(90);
      assertThat(grabber.getImageWidth()).isEqualTo(320);
      assertThat(grabber.getAudioChannels()).isPositive();
    }
  }
}
