package io.renderowl.activities.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.renderowl.activities.storage.MediaResolver;
import io.renderowl.activities.visuals.ProceduralPictures;
import io.renderowl.activities.visuals.ProceduralPicturesTest;
import io.renderowl.activities.voice.EspeakSpeaker;
import io.renderowl.workflows.Scene;
import io.renderowl.workflows.timeline.ClipDocument;
import io.renderowl.workflows.timeline.InvalidTimelineException;
import io.renderowl.workflows.timeline.TimelineDocument;
import io.renderowl.workflows.timeline.TrackDocument;
import java.awt.image.BufferedImage;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Renders one small timeline (360x640, 30 fps, 4 s) and checks the MP4 it makes. */
class TimelineRendererTest {

  private static final int WIDTH = 360;
  private static final int HEIGHT = 640;
  private static final int FPS = 30;

  @TempDir static Path dir;

  private static TimelineDocument timeline;
  private static RenderOutcome outcome;
  private static Path video;
  private static final List<long[]> progress = new ArrayList<>();
  private static final java.util.concurrent.atomic.AtomicInteger maxInside =
      new java.util.concurrent.atomic.AtomicInteger();
  private static final java.util.concurrent.atomic.AtomicInteger resolverCalls =
      new java.util.concurrent.atomic.AtomicInteger();

  @BeforeAll
  static void renderTheTimeline() {
    ProceduralPictures pictures = new ProceduralPictures();
    for (int index = 0; index < 2; index++) {
      Scene scene = new Scene(index, "scene " + index, "illustration", 2);
      pictures.writePng(
          pictures.draw("lighthouses", scene, 540, 960), dir.resolve("scene-" + index + ".png"));
    }
    new EspeakSpeaker().synthesize("Lighthouses guide ships home.", "en", dir.resolve("voice.wav"));

    timeline =
        new TimelineDocument(
            "t1",
            "test",
            WIDTH,
            HEIGHT,
            FPS,
            "#101820",
            "crossfade",
            4.0,
            List.of(
                new TrackDocument(
                    "images",
                    "images",
                    "image",
                    0,
                    true,
                    List.of(
                        clip("img0", "image", 0.0, 2.25, "s3://assets/scene-0.png", Map.of()),
                        clip(
                            "img1",
                            "image",
                            1.75,
                            2.25,
                            "s3://assets/scene-1.png",
                            Map.of("fit", "contain")))),
                new TrackDocument(
                    "captions",
                    "captions",
                    "text",
                    1,
                    true,
                    List.of(
                        clip(
                            "cap0",
                            "text",
                            0.0,
                            2.0,
                            null,
                            Map.of("text", "Lighthouses guide ships home.")),
                        clip(
                            "cap1",
                            "text",
                            2.0,
                            2.0,
                            null,
                            Map.of("text", "Their lamps turn all night.")))),
                new TrackDocument(
                    "voice",
                    "voice",
                    "audio",
                    2,
                    true,
                    List.of(
                        clip(
                            "vo",
                            "audio",
                            0.2,
                            3.5,
                            "s3://assets/voice.wav",
                            Map.of("volume", 0.9))))));

    video = dir.resolve("out.mp4");
    // a resolver that is not thread-safe (like one that downloads into numbered files) and counts
    // how many threads are inside it at once
    java.util.concurrent.atomic.AtomicInteger inside =
        new java.util.concurrent.atomic.AtomicInteger();
    MediaResolver oneAtATime =
        url -> {
          resolverCalls.incrementAndGet();
          maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
          try {
            Thread.sleep(
                100); // part of the scenario: stays inside long enough for a concurrent call to
            // show in maxInside
            return resolve(url);
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          } finally {
            inside.decrementAndGet();
          }
        };
    outcome =
        new TimelineRenderer()
            .render(
                timeline,
                oneAtATime,
                video,
                (done, total) -> progress.add(new long[] {done, total}));
  }

  @Test
  void outcomeDescribesTheFile() {
    assertThat(outcome.frames()).isEqualTo(120);
    assertThat(outcome.durationSeconds()).isEqualTo(4.0);
    assertThat(outcome.bytes()).isEqualTo(video.toFile().length()).isPositive();
    assertThat(progress).last().satisfies(p -> assertThat(p).containsExactly(120, 120));
    assertThat(progress).hasSize(8);
  }

  @Test
  void theResolverIsCalledFromOneThreadAtATimeThoughAudioAndVideoRenderTogether() {
    assertThat(resolverCalls.get()).isGreaterThanOrEqualTo(3);
    assertThat(maxInside.get()).isEqualTo(1);
  }

  @Test
  void videoHasTheTimelinesResolutionFrameCountAndDurationWithAnAudioStream() throws Exception {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile())) {
      grabber.start();
      assertThat(grabber.getImageWidth()).isEqualTo(WIDTH);
      assertThat(grabber.getImageHeight()).isEqualTo(HEIGHT);
      assertThat(grabber.getVideoCodecName()).isEqualTo("h264");
      assertThat(grabber.getAudioChannels()).isPositive();
      assertThat(grabber.getSampleRate()).isEqualTo(48_000);
      assertThat(grabber.getLengthInTime() / 1e6).isCloseTo(4.0, within(1.0 / FPS));

      int frames = 0;
      long audioSamples = 0;
      double loudest = 0;
      Frame frame;
      while ((frame = grabber.grab()) != null) {
        if (frame.image != null) {
          frames++;
        } else if (frame.samples != null) {
          Object buffer = frame.samples[0];
          int count = frame.samples[0].limit();
          audioSamples += count / Math.max(1, frame.audioChannels);
          if (buffer instanceof java.nio.FloatBuffer floats) {
            for (int i = 0; i < count; i++) {
              loudest = Math.max(loudest, Math.abs(floats.get(i)));
            }
          } else if (buffer instanceof ShortBuffer shorts) {
            for (int i = 0; i < count; i++) {
              loudest = Math.max(loudest, Math.abs(shorts.get(i)) / 32768.0);
            }
          }
        }
      }
      assertThat(frames).isEqualTo(120);
      assertThat(audioSamples / 48_000.0).isCloseTo(4.0, within(1.0 / FPS));
      assertThat(loudest).as("the narration is audible").isGreaterThan(0.05);
    }
  }

  @Test
  void framesOfTheTwoImageClipsDifferClearly() throws Exception {
    List<BufferedImage> frames = decode(15, 105);
    assertThat(ProceduralPicturesTest.meanAbsoluteDifference(frames.get(0), frames.get(1)))
        .isGreaterThan(25);
  }

  @Test
  void captionIsDrawnWhiteInTheBottomArea() throws Exception {
    BufferedImage frame = decode(30).getFirst();
    int whiteInCaptionBand = 0;
    int whiteAboveIt = 0;
    for (int y = 0; y < HEIGHT; y++) {
      for (int x = 0; x < WIDTH; x++) {
        int p = frame.getRGB(x, y);
        boolean white = (p >> 16 & 0xff) > 225 && (p >> 8 & 0xff) > 225 && (p & 0xff) > 225;
        if (white && y > HEIGHT * 0.7 && y < HEIGHT * 0.9) {
          whiteInCaptionBand++;
        } else if (white && y < HEIGHT * 0.6) {
          whiteAboveIt++;
        }
      }
    }
    assertThat(whiteInCaptionBand).isGreaterThan(300).isGreaterThan(10 * whiteAboveIt);
  }

  @Test
  void listenerThatThrowsStopsTheRenderAndNoFileIsLeft() {
    Path cancelled = dir.resolve("cancelled.mp4");
    RuntimeException stop = new RuntimeException("cancelled by user");
    List<Long> seen = new ArrayList<>();
    RenderListener cancelAtThirty =
        (done, total) -> {
          seen.add(done);
          if (done >= 30) {
            throw stop;
          }
        };

    assertThatThrownBy(() ->
            new TimelineRenderer()
                .render(timeline, TimelineRendererTest::resolve, cancelled, cancelAtThirty))
        .isSameAs(stop);
    assertThat(seen).containsExactly(15L, 30L);
    assertThat(cancelled).doesNotExist();
  }

  @Test
  void invalidTimelineIsRejectedWithEveryProblemBeforeAnythingIsWritten() {
    TimelineDocument invalid =
        new TimelineDocument(
            "t2",
            "bad",
            WIDTH,
            HEIGHT,
            FPS,
            "#000000",
            "crossfade",
            1.0,
            List.of(
                new TrackDocument(
                    "v",
                    "video track",
                    "video",
                    0,
                    true,
                    List.of(
                        clip("v1", "video", 0, 0, "s3://assets/clip.mp4", Map.of()),
                        clip("v2", "sparkle", 0.5, 1, "s3://assets/clip.mp4", Map.of())))));
    Path output = dir.resolve("bad.mp4");
    assertThatThrownBy(() ->
            new TimelineRenderer()
                .render(invalid, TimelineRendererTest::resolve, output, RenderListener.NONE))
        .isInstanceOf(InvalidTimelineException.class)
        .hasMessageContaining("track 'video track' (v), clip v1: duration must be > 0 (got 0.0)")
        .hasMessageContaining("clip v2: type 'sparkle' is not allowed on a video track")
        .hasMessageContaining("clip v2: ends at 1.5 s, past the timeline's end at 1.0 s");
    assertThat(output).doesNotExist();
  }

  private static ClipDocument clip(
      String id,
      String type,
      double start,
      double duration,
      String source,
      Map<String, Object> content) {
    return new ClipDocument(id, type, start, duration, source, content);
  }

  private static Path resolve(String sourceUrl) {
    return dir.resolve(sourceUrl.substring(sourceUrl.lastIndexOf('/') + 1));
  }

  /** Decodes the video frames with the given indexes, in increasing order. */
  private static List<BufferedImage> decode(int... indexes) throws Exception {
    List<BufferedImage> images = new ArrayList<>();
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile());
        Java2DFrameConverter converter = new Java2DFrameConverter()) {
      grabber.start();
      int index = 0;
      int next = 0;
      Frame frame;
      while (next < indexes.length && (frame = grabber.grabImage()) != null) {
        if (index++ == indexes[next]) {
          BufferedImage image = converter.convert(frame);
          BufferedImage copy =
              new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
          copy.getGraphics().drawImage(image, 0, 0, null);
          images.add(copy);
          next++;
        }
      }
    }
    return images;
  }
}
