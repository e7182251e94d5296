package io.renderowl.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.renderowl.activities.render.ChunkRenderer;
import io.renderowl.activities.render.FrameRange;
import io.renderowl.activities.render.RenderListener;
import io.renderowl.activities.render.TimelineSources;
import io.renderowl.activities.render.VideoEncoding;
import io.renderowl.activities.storage.MediaResolver;
import io.renderowl.activities.timeline.TimelineJson;
import io.renderowl.workflows.timeline.TimelineDocument;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generates the showcase sample with its media and renders it in two chunks, as owl render would.
 */
@Tag("system")
@Timeout(value = 5, unit = TimeUnit.MINUTES) // renders 480 frames in two chunks; about 7 s here
class SampleRenderSystemTest {

  @TempDir Path dir;

  @Test
  void showcaseRendersToAnExactMp4AndAPoster() {
    Path json = new SampleTimelines().writeShowcase(dir);
    TimelineDocument timeline = TimelineJson.read(json);
    TimelineSources sources = TimelineSources.localFiles(dir);
    sources.requireReachable(timeline);
    MediaResolver media = sources.resolver(null);
    ChunkRenderer renderer = new ChunkRenderer();
    Path audio = dir.resolve("audio.m4a");
    renderer.renderAudio(timeline, media, audio);
    List<Path> chunks = new ArrayList<>();
    for (FrameRange range : FrameRange.split(timeline.frameCount(), 2)) {
      Path chunk = dir.resolve("chunk-" + range.from() + ".mp4");
      renderer.renderVideo(
          timeline, media, range, VideoEncoding.standard(30), chunk, RenderListener.NONE);
      chunks.add(chunk);
    }
    Path output = dir.resolve("showcase.mp4");
    var outcome = renderer.join(timeline, chunks, audio, output);
    assertThat(outcome.frames()).isEqualTo(480);
    MediaProbe probe = MediaProbe.of(output);
    assertThat(probe.videoFrames()).isEqualTo(480);
    assertThat(probe.videoCodec()).isEqualTo("h264");
    assertThat(probe.videoSeconds()).isCloseTo(16.0, within(1e-3));
    assertThat(probe.audioSeconds()).isCloseTo(16.0, within(1.0 / 30));
    assertThat(probe.avOffsetMs()).isCloseTo(0.0, within(0.5));
    Path poster = dir.resolve("poster.jpg");
    renderer.renderPoster(timeline, media, 90, poster);
    assertThat(poster).isNotEmptyFile();
    assertThat(poster.toFile())
        .satisfies(f -> assertThat(ImageIO.read(f).getWidth()).isEqualTo(1280));
  }
}
