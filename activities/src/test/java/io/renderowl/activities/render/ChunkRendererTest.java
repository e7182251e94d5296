package io.renderowl.activities.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;

import io.renderowl.activities.visuals.ProceduralPictures;
import io.renderowl.activities.visuals.ProceduralPicturesTest;
import io.renderowl.activities.voice.EspeakSpeaker;
import io.renderowl.workflows.Scene;
import io.renderowl.workflows.timeline.ClipDocument;
import io.renderowl.workflows.timeline.TimelineDocument;
import io.renderowl.workflows.timeline.TrackDocument;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders one timeline (320x240, 30 fps, 3 s: two pictures crossfading across 1.4..1.6 s, a
 * framecode bar, a voice) unsplit and in three chunks whose seams fall inside the crossfade, and
 * compares the joined files frame by frame.
 */
@Tag("system")
@Timeout(
    value = 5,
    unit = TimeUnit.MINUTES) // the rendering itself runs in @BeforeAll, bounded on its own
class ChunkRendererTest {

  private static final int WIDTH = 320;
  private static final int HEIGHT = 240;
  private static final int FPS = 30;
  private static final long FRAMES = 90;

  @TempDir static Path dir;

  private static TimelineDocument timeline;
  private static final ChunkRenderer renderer = new ChunkRenderer();
  private static Path whole;
  private static Path joined;
  private static Path resumed;
  private static RenderOutcome wholeOutcome;
  private static RenderOutcome joinedOutcome;
  private static List<FrameRange> ranges;

  @BeforeAll
  @Timeout(
      value = 5,
      unit = TimeUnit.MINUTES) // a class-level @Timeout does not cover @BeforeAll; about 2 s here
  static void render() {
    ProceduralPictures pictures = new ProceduralPictures();
    for (int index = 0; index < 2; index++) {
      Scene scene = new Scene(index, "scene " + index, "illustration", 2);
      pictures.writePng(
          pictures.draw("owls", scene, 400, 300), dir.resolve("scene-" + index + ".png"));
    }
    new EspeakSpeaker().synthesize("Owls fly at night.", "en", dir.resolve("voice.wav"));
    timeline =
        new TimelineDocument(
            "chunks",
            "chunks",
            WIDTH,
            HEIGHT,
            FPS,
            "#000000",
            "crossfade",
            FRAMES / (double) FPS,
            List.of(
                new TrackDocument(
                    "images",
                    "images",
                    "image",
                    0,
                    true,
                    List.of(
                        clip("img0", "image", 0.0, 1.6, "scene-0.png", Map.of()),
                        clip(
                            "img1",
                            "image",
                            1.4,
                            1.6,
                            "scene-1.png",
                            Map.of("transitionIn", "crossfade", "transitionSeconds", 0.2)))),
                new TrackDocument(
                    "code",
                    "code",
                    "effect",
                    1,
                    true,
                    List.of(clip("fc", "framecode", 0.0, 3.0, null, Map.of()))),
                new TrackDocument(
                    "voice",
                    "voice",
                    "audio",
                    2,
                    true,
                    List.of(clip("vo", "audio", 0.1, 2.5, "voice.wav", Map.of())))));

    Path audio = dir.resolve("audio.m4a");
    AudioOutcome audioOutcome = renderer.renderAudio(timeline, ChunkRendererTest::resolve, audio);
    assertThat(audioOutcome.samples()).isEqualTo(3 * 48_000);

    // lossless (crf 0), so what differs between the renders is what was drawn, not encoder noise
    VideoEncoding encoding = new VideoEncoding(VideoEncoding.LIBX264, "veryfast", 0, 60, 0);
    Path single = dir.resolve("single-chunk.mp4");
    renderer.renderVideo(
        timeline,
        ChunkRendererTest::resolve,
        new FrameRange(0, FRAMES),
        encoding,
        single,
        RenderListener.NONE);
    whole = dir.resolve("whole.mp4");
    wholeOutcome = renderer.join(timeline, List.of(single), audio, whole);

    // seams at frames 44 and 47: inside the crossfade (frames 42..48)
    ranges = List.of(new FrameRange(0, 44), new FrameRange(44, 47), new FrameRange(47, FRAMES));
    List<Path> chunks = new ArrayList<>();
    for (FrameRange range : ranges) {
      Path chunk = dir.resolve("chunk-" + range.from() + ".mp4");
      ChunkOutcome outcome =
          renderer.renderVideo(
              timeline, ChunkRendererTest::resolve, range, encoding, chunk, RenderListener.NONE);
      assertThat(outcome.range()).isEqualTo(range);
      chunks.add(chunk);
    }
    joined = dir.resolve("joined.mp4");
    joinedOutcome = renderer.join(timeline, chunks, audio, joined);

    // the last chunk in 10-frame segments, drawn by two calls as a resumed chunk is (the first
    // call's second segment lost, as when its worker is killed before storing it), then joined
    FrameRange last = ranges.getLast();
    List<FrameRange> segments = new ArrayList<>();
    for (long from = last.from(); from < last.to(); from += 10) {
      segments.add(new FrameRange(from, Math.min(from + 10, last.to())));
    }
    List<Path> segmentFiles = new ArrayList<>();
    renderer.renderSegments(
        timeline,
        ChunkRendererTest::resolve,
        segments.subList(0, 2),
        encoding,
        range -> dir.resolve("segment-" + range.from() + ".mp4"),
        (range, file) -> segmentFiles.add(file),
        0,
        last.frames(),
        RenderListener.NONE);
    segmentFiles.removeLast();
    long[] heard = {0};
    renderer.renderSegments(
        timeline,
        ChunkRendererTest::resolve,
        segments.subList(1, segments.size()),
        encoding,
        range -> dir.resolve("segment-" + range.from() + ".mp4"),
        (range, file) -> segmentFiles.add(file),
        10,
        last.frames(),
        (done, total) -> heard[0] = done);
    assertThat(heard[0]).isEqualTo(last.frames());
    Path lastChunk = dir.resolve("chunk-from-segments.mp4");
    assertThat(renderer.joinVideo(segmentFiles, last, lastChunk).range()).isEqualTo(last);
    resumed = dir.resolve("resumed.mp4");
    renderer.join(timeline, List.of(chunks.get(0), chunks.get(1), lastChunk), audio, resumed);
  }

  @Test
  void bothJoinsHaveExactlyTheTimelinesFramesAndDuration() throws Exception {
    for (Path file : List.of(whole, joined, resumed)) {
      Decoded decoded = decode(file);
      assertThat(decoded.frames).as(file.getFileName().toString()).hasSize((int) FRAMES);
      assertThat(decoded.lengthSeconds).isCloseTo(3.0, within(0.5 / FPS));
    }
    assertThat(wholeOutcome.frames()).isEqualTo(FRAMES);
    assertThat(joinedOutcome.frames()).isEqualTo(FRAMES);
    assertThat(joinedOutcome.durationSeconds()).isEqualTo(3.0);
  }

  @Test
  void framecodesReadBackAreEveryFrameOnceInOrderAcrossTheSeams() throws Exception {
    for (Path file : List.of(whole, joined, resumed)) {
      List<Long> codes = new ArrayList<>();
      for (BufferedImage frame : decode(file).frames) {
        codes.add(FramecodeClipLayer.read(WIDTH, HEIGHT, (x, y) -> luma(frame.getRGB(x, y))));
      }
      List<Long> expected = new ArrayList<>();
      for (long n = 0; n < FRAMES; n++) {
        expected.add(n);
      }
      assertThat(codes).as(file.getFileName().toString()).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void crossfadeAcrossTheSeamsLooksLikeTheUnsplitRender() throws Exception {
    List<BufferedImage> unsplit = decode(whole).frames;
    List<BufferedImage> split = decode(joined).frames;
    for (int frame = 40; frame < 52; frame++) {
      assertThat(
              ProceduralPicturesTest.meanAbsoluteDifference(unsplit.get(frame), split.get(frame)))
          .as("frame %d", frame)
          .isLessThan(0.5);
    }
    // the threshold would catch a crossfade one frame early or late at a seam
    assertThat(ProceduralPicturesTest.meanAbsoluteDifference(unsplit.get(44), split.get(45)))
        .isGreaterThan(3);
    assertThat(ProceduralPicturesTest.meanAbsoluteDifference(split.get(40), split.get(50)))
        .isGreaterThan(15);
  }

  @Test
  void audioAndVideoStartTogetherAndLastTheSameWithinOneFrame() throws Exception {
    for (Path file : List.of(whole, joined, resumed)) {
      Decoded decoded = decode(file);
      assertThat(decoded.firstAudioSeconds)
          .as("first audio timestamp")
          .isCloseTo(0.0, within(1e-3));
      assertThat(decoded.firstVideoSeconds)
          .as("first video timestamp")
          .isCloseTo(0.0, within(1e-3));
      assertThat(decoded.audioSamples / 48_000.0)
          .isCloseTo(decoded.frames.size() / (double) FPS, within(1.0 / FPS));
    }
  }

  @Test
  void chunksWhoseThreadsSplitEveryFrameJoinWithFrameThreadedChunksFrameForFrame()
      throws Exception {
    // a render-only worker's chunk (sliced threads) beside another worker's (frame threads)
    VideoEncoding frameThreads = new VideoEncoding(VideoEncoding.LIBX264, "veryfast", 0, 60, 2);
    VideoEncoding sliced = frameThreads.withSlicedThreads(true);
    Path first = dir.resolve("sliced-first.mp4");
    Path second = dir.resolve("frame-threaded-second.mp4");
    renderer.renderVideo(
        timeline,
        ChunkRendererTest::resolve,
        new FrameRange(0, 44),
        sliced,
        first,
        RenderListener.NONE);
    renderer.renderVideo(
        timeline,
        ChunkRendererTest::resolve,
        new FrameRange(44, FRAMES),
        frameThreads,
        second,
        RenderListener.NONE);
    // x264 writes the options it encoded with into the stream (a user-data SEI)
    assertThat(x264Options(first)).contains(" threads=2 ", " sliced_threads=1 ");
    assertThat(x264Options(second)).contains(" threads=2 ", " sliced_threads=0 ");

    Path mixed = dir.resolve("mixed-threading.mp4");
    assertThat(renderer.join(timeline, List.of(first, second), null, mixed).frames())
        .isEqualTo(FRAMES);
    List<BufferedImage> unsplit = decode(whole).frames;
    List<BufferedImage> frames = decode(mixed).frames;
    assertThat(frames).hasSize((int) FRAMES);
    for (int frame = 0; frame < FRAMES; frame++) {
      assertThat(
              ProceduralPicturesTest.meanAbsoluteDifference(unsplit.get(frame), frames.get(frame)))
          .as("frame %d", frame)
          .isLessThan(0.5);
    }
  }

  /** The options line x264 writes into the stream it encodes ("x264 - core ... options: ..."). */
  private static String x264Options(Path file) throws Exception {
    String bytes =
        new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
    int at = bytes.indexOf("options: ");
    assertThat(at).as("x264's options in %s", file.getFileName()).isNotNegative();
    int end = bytes.indexOf('\0', at);
    return " " + bytes.substring(at + "options: ".length(), end < 0 ? bytes.length() : end) + " ";
  }

  @Test
  void posterIsTheRequestedFrameAsJpeg() throws Exception {
    Path poster = dir.resolve("poster.jpg");
    renderer.renderPoster(timeline, ChunkRendererTest::resolve, 61, poster);
    BufferedImage image = ImageIO.read(poster.toFile());
    assertThat(image.getWidth()).isEqualTo(WIDTH);
    assertThat(image.getHeight()).isEqualTo(HEIGHT);
    assertThat(FramecodeClipLayer.read(WIDTH, HEIGHT, (x, y) -> luma(image.getRGB(x, y))))
        .isEqualTo(61);
  }

  @Test
  void thePosterOfTheJoinedVideoIsItsRequestedFrameOrItsLastOne() throws Exception {
    Path poster = dir.resolve("joined-poster.jpg");
    Posters.write(joined, 37, poster);
    BufferedImage image = ImageIO.read(poster.toFile());
    assertThat(FramecodeClipLayer.read(WIDTH, HEIGHT, (x, y) -> luma(image.getRGB(x, y))))
        .isEqualTo(37);

    // after the key frame that starts the chunk at 44: decoded from that key frame on
    Posters.write(joined, 46, poster);
    BufferedImage afterKey = ImageIO.read(poster.toFile());
    assertThat(FramecodeClipLayer.read(WIDTH, HEIGHT, (x, y) -> luma(afterKey.getRGB(x, y))))
        .isEqualTo(46);

    Posters.write(joined, 10_000, poster);
    BufferedImage last = ImageIO.read(poster.toFile());
    assertThat(FramecodeClipLayer.read(WIDTH, HEIGHT, (x, y) -> luma(last.getRGB(x, y))))
        .isEqualTo(89);
  }

  @Test
  void segmentsChunksAndTheAudioTrackAreJoinedWithoutProbingTheirPackets() throws Exception {
    List<Path> files = new ArrayList<>();
    try (var listing = Files.list(dir)) {
      listing
          .filter(f -> f.getFileName().toString().matches("(segment|chunk)-\\d+\\.mp4"))
          .forEach(files::add);
    }
    assertThat(files).hasSizeGreaterThan(3);
    for (Path file : files) {
      assertThat(ChunkJoiner.describedByHeader(file, AVMEDIA_TYPE_VIDEO)).as("%s", file).isTrue();
    }
    assertThat(ChunkJoiner.describedByHeader(dir.resolve("audio.m4a"), AVMEDIA_TYPE_AUDIO))
        .isTrue();
  }

  @Test
  void aChunkResumedFromItsStoredSegmentsIsTheUnsplitRenderFrameForFrame() throws Exception {
    List<BufferedImage> unsplit = decode(whole).frames;
    List<BufferedImage> fromSegments = decode(resumed).frames;
    assertThat(fromSegments).hasSize((int) FRAMES);
    for (int frame = 47; frame < FRAMES; frame++) {
      assertThat(
              ProceduralPicturesTest.meanAbsoluteDifference(
                  unsplit.get(frame), fromSegments.get(frame)))
          .as("frame %d", frame)
          .isLessThan(0.5);
    }
  }

  @Test
  void joiningSegmentsThatDoNotFillTheChunkFailsAndLeavesNoFile() {
    Path out = dir.resolve("short-chunk.mp4");
    assertThatThrownBy(() ->
            renderer.joinVideo(
                List.of(dir.resolve("segment-47.mp4")), new FrameRange(47, FRAMES), out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("segments hold 10 frames but the chunk has 43");
    assertThat(out).doesNotExist();
  }

  @Test
  void joiningChunksThatDoNotCoverTheTimelineFailsAndLeavesNoFile() {
    Path partial = dir.resolve("partial.mp4");
    assertThatThrownBy(
            () -> renderer.join(timeline, List.of(dir.resolve("chunk-0.mp4")), null, partial))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hold 44 frames but the timeline has 90");
    assertThat(partial).doesNotExist();
  }

  @Test
  void oneEncoderSessionCutsSegmentsThatHoldExactlyTheirFramesEachStartingWithAKeyFrame()
      throws Exception {
    VideoEncoding encoding = VideoEncoding.standard(FPS);
    List<FrameRange> segments = ChunkRenderer.segments(new FrameRange(0, FRAMES), 20);
    assertThat(ChunkRenderer.oneSession(segments, encoding)).isTrue();
    Path folder = Files.createDirectories(dir.resolve("one-session"));
    List<FrameRange> heard = new ArrayList<>();
    List<String> threads = new ArrayList<>();
    renderer.renderSegments(
        timeline,
        ChunkRendererTest::resolve,
        segments,
        encoding,
        range -> folder.resolve("segment-" + range.from() + ".mp4"),
        (range, file) -> {
          heard.add(range);
          threads.add(Thread.currentThread().getName());
        },
        0,
        FRAMES,
        RenderListener.NONE);
    assertThat(heard).containsExactlyElementsOf(segments);
    assertThat(threads).containsOnly("renderowl-segments");
    long code = 0;
    for (FrameRange segment : segments) {
      Path file = folder.resolve("segment-" + segment.from() + ".mp4");
      try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
        grabber.start();
        Frame first = grabber.grabImage();
        assertThat(first.keyFrame).as("segment %s starts with a key frame", segment).isTrue();
        assertThat(first.timestamp).as("segment %s starts at 0", segment).isZero();
        grabber.stop();
      }
      List<BufferedImage> frames = decode(file).frames;
      assertThat(frames).as("frames of segment %s", segment).hasSize((int) segment.frames());
      for (BufferedImage frame : frames) {
        assertThat(FramecodeClipLayer.read(WIDTH, HEIGHT, (x, y) -> luma(frame.getRGB(x, y))))
            .isEqualTo(code++);
      }
    }
    assertThat(folder.toFile().list()).hasSize(segments.size()); // no session files left
  }

  @Test
  void aSegmentSinkThatFailsStopsTheRenderWithItsError() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("failing-sink"));
    IllegalStateException down = new IllegalStateException("storage is down");
    assertThatThrownBy(() ->
            renderer.renderSegments(
                timeline,
                ChunkRendererTest::resolve,
                ChunkRenderer.segments(new FrameRange(0, FRAMES), 20),
                VideoEncoding.standard(FPS),
                range -> folder.resolve("segment-" + range.from() + ".mp4"),
                (range, file) -> {
                  throw down;
                },
                0,
                FRAMES,
                RenderListener.NONE))
        .isSameAs(down);
  }

  @Test
  void cancellingAChunkDeletesIt() {
    Path chunk = dir.resolve("cancelled.mp4");
    RuntimeException stop = new RuntimeException("cancelled");
    assertThatThrownBy(() ->
            renderer.renderVideo(
                timeline,
                ChunkRendererTest::resolve,
                new FrameRange(30, 90),
                VideoEncoding.standard(FPS),
                chunk,
                (done, total) -> {
                  assertThat(total).isEqualTo(60);
                  throw stop;
                }))
        .isSameAs(stop);
    assertThat(chunk).doesNotExist();
  }

  @Test
  void libx264OpensAndAnUnknownEncoderIsReportedNotThrown() {
    assertThat(EncoderCheck.probe("libx264")).isEqualTo(new EncoderCheck("libx264", true, ""));
    EncoderCheck unknown = EncoderCheck.probe("h264_nonesuch");
    assertThat(unknown.available()).isFalse();
    assertThat(unknown.reason()).contains("no encoder named 'h264_nonesuch'");
  }

  @Test
  void nvencWithoutAnNvidiaDriverReportsWhy() {
    assumeThat(Files.exists(Path.of("/dev/nvidia0"))).as("no NVIDIA device here").isFalse();
    EncoderCheck nvenc = EncoderCheck.probe(VideoEncoding.H264_NVENC);
    assertThat(nvenc.available()).isFalse();
    assertThat(nvenc.reason()).startsWith("opening 'h264_nvenc' failed").contains("libcuda");
  }

  static int luma(int rgb) {
    return (int) (0.299 * (rgb >> 16 & 0xff) + 0.587 * (rgb >> 8 & 0xff) + 0.114 * (rgb & 0xff));
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
    return dir.resolve(sourceUrl);
  }

  /** What a file decodes to. */
  record Decoded(
      List<BufferedImage> frames,
      long audioSamples,
      double firstVideoSeconds,
      double firstAudioSeconds,
      double lengthSeconds) {}

  static Decoded decode(Path file) throws Exception {
    List<BufferedImage> frames = new ArrayList<>();
    long samples = 0;
    double firstVideo = Double.NaN;
    double firstAudio = Double.NaN;
    double length;
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
        Java2DFrameConverter converter = new Java2DFrameConverter()) {
      grabber.start();
      length = grabber.getLengthInTime() / 1e6;
      Frame frame;
      while ((frame = grabber.grab()) != null) {
        if (frame.image != null) {
          if (Double.isNaN(firstVideo)) {
            firstVideo = frame.timestamp / 1e6;
          }
          BufferedImage image = converter.convert(frame);
          BufferedImage copy =
              new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
          copy.getGraphics().drawImage(image, 0, 0, null);
          frames.add(copy);
        } else if (frame.samples != null) {
          if (Double.isNaN(firstAudio)) {
            firstAudio = frame.timestamp / 1e6;
          }
          samples += frame.samples[0].limit() / Math.max(1, frame.audioChannels);
        }
      }
    }
    return new Decoded(frames, samples, firstVideo, firstAudio, length);
  }
}
