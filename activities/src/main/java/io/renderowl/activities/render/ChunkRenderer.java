package io.renderowl.activities.render;

import io.renderowl.activities.storage.MediaResolver;
import io.renderowl.workflows.timeline.TimelineDocument;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The render engine's chunk primitives, free of Temporal and storage: render frame ranges of a
 * timeline to independent video chunks, render the audio once, join both into the final MP4 by
 * stream copy, draw a poster. A sharded render calls them on different machines; {@link
 * TimelineRenderer} calls them in one process.
 *
 * <p>Frame {@code n} of a timeline shows it at {@code n / fps} seconds, whichever chunk draws it,
 * so a joined render is frame for frame the same picture as an unsplit one (apart from the
 * encoder's own losses). Thread-safe: it holds no state; each call opens its own encoder.
 */
public final class ChunkRenderer {

  /** How often, in frames, a chunk render tells its listener of progress. */
  public static final int PROGRESS_EVERY_FRAMES = TimelineRenderer.PROGRESS_EVERY_FRAMES;

  static {
    TimelineRenderer.quietFfmpegLogs();
  }

  /**
   * Renders timeline frames {@code range} to {@code output} (replaced): a video-only MP4 with one
   * H.264 yuv420p stream at the timeline's size and fps, {@code range.frames()} frames whose
   * timestamps start at 0, starting with an IDR frame and referring to no frame outside it (a
   * closed, independent GOP sequence), so it can be joined by {@link #join}.
   *
   * @param media resolves clip sources to local files
   * @param range frames to render, within {@code [0, timeline.frameCount())}
   * @param encoding encoder settings; all chunks of one render must use the same
   * @param listener hears {@code (framesDone, range.frames())} about every {@value
   *     #PROGRESS_EVERY_FRAMES} frames and at the end; throwing from it cancels the render, the
   *     partial file is deleted and the exception rethrown
   * @throws IllegalArgumentException when the timeline or range is invalid
   * @throws IllegalStateException when the encoder fails or cannot be opened
   */
  public ChunkOutcome renderVideo(
      TimelineDocument timeline,
      MediaResolver media,
      FrameRange range,
      VideoEncoding encoding,
      Path output,
      RenderListener listener) {
    TimelineRenderer.checkRenderable(timeline);
    if (range.to() > timeline.frameCount()) {
      throw new IllegalArgumentException(
          "frame range ["
              + range.from()
              + ", "
              + range.to()
              + ") is past the timeline's "
              + timeline.frameCount()
              + " frames");
    }
    int fps = timeline.fps();
    try (FrameComposer composer = new FrameComposer(timeline, media);
        VideoChunkEncoder encoder =
            VideoChunkEncoder.open(output, timeline.width(), timeline.height(), fps, encoding)) {
      FramePipeline.run(
          composer,
          encoder,
          range,
          fps,
          timeline.width(),
          timeline.height(),
          PROGRESS_EVERY_FRAMES,
          listener);
    } catch (RuntimeException | Error e) {
      deletePartial(output, e);
      throw e;
    }
    return new ChunkOutcome(range, sizeOf(output));
  }

  /** Receives each segment as soon as its file is finished (to store it while drawing goes on). */
  @FunctionalInterface
  public interface SegmentSink {
    void finished(FrameRange segment, Path file);
  }

  /** Seconds of video per segment of a chunk (what a killed chunk render loses at most). */
  public static final int SEGMENT_SECONDS = 2;

  /** Frames per segment at {@code fps}: {@value #SEGMENT_SECONDS} s. */
  public static long segmentFrames(int fps) {
    return Math.max(1, SEGMENT_SECONDS * (long) fps);
  }

  /** {@code range} cut into consecutive segments of {@code segmentFrames}, the last shorter. */
  public static List<FrameRange> segments(FrameRange range, long segmentFrames) {
    List<FrameRange> segments = new java.util.ArrayList<>();
    for (long from = range.from(); from < range.to(); from += segmentFrames) {
      segments.add(new FrameRange(from, Math.min(from + segmentFrames, range.to())));
    }
    return segments;
  }

  /**
   * What a chunk activity renders, without storage: {@code range} in segments of {@link
   * #segmentFrames} (in {@code work}, deleted afterwards), joined by stream copy into {@code
   * output}. The engine alone (the benchmark, {@link TimelineRenderer}) renders through this so it
   * encodes exactly as the product path does.
   */
  public ChunkOutcome renderVideoInSegments(
      TimelineDocument timeline,
      MediaResolver media,
      FrameRange range,
      VideoEncoding encoding,
      Path work,
      Path output,
      RenderListener listener) {
    List<FrameRange> segments = segments(range, segmentFrames(timeline.fps()));
    List<Path> files = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    try {
      renderSegments(
          timeline,
          media,
          segments,
          encoding,
          segment -> work.resolve("segment-" + segment.from() + ".mp4"),
          (segment, file) -> files.add(file),
          0,
          range.frames(),
          listener);
      return joinVideo(List.copyOf(files), range, output);
    } finally {
      for (FrameRange segment : segments) {
        try {
          Files.deleteIfExists(work.resolve("segment-" + segment.from() + ".mp4"));
        } catch (IOException e) {
          // a leftover segment in a work folder is harmless
        }
      }
    }
  }

  /**
   * Renders timeline frames {@code segments} (consecutive ranges, in order) each to its own file
   * ({@code fileOf}), with one frame composer for all, so pictures are decoded once. Each file
   * starts with an IDR frame, refers to no frame outside it and has timestamps from 0, so the
   * segments of a chunk joined by {@link #joinVideo} are that chunk frame for frame. {@code sink}
   * hears of each finished segment, in order, on a thread of its own while drawing goes on (all
   * calls are over when this returns; an exception from it cancels the render and is rethrown);
   * {@code listener} hears the frames done over all {@code segments}, plus {@code framesBefore}
   * (frames kept from earlier).
   *
   * <p>With libx264 and segments of one length (the last may be shorter), one encoder session
   * writes them all through FFmpeg's segment muxer, key frames exactly at the cuts and scene-cut
   * detection off ({@link VideoChunkEncoder#openSegmented}); measured on W1 (900 frames, 15
   * segments), an encoder opened and flushed per segment cost about 4 s of a 17.5 s chunk. Other
   * encoders (NVENC) open one session per segment.
   *
   * @throws IllegalArgumentException when the timeline or a range is invalid
   * @throws IllegalStateException when the encoder fails or cannot be opened
   */
  public void renderSegments(
      TimelineDocument timeline,
      MediaResolver media,
      List<FrameRange> segments,
      VideoEncoding encoding,
      java.util.function.Function<FrameRange, Path> fileOf,
      SegmentSink sink,
      long framesBefore,
      long framesInAll,
      RenderListener listener) {
    TimelineRenderer.checkRenderable(timeline);
    for (int i = 0; i < segments.size(); i++) {
      FrameRange segment = segments.get(i);
      if (segment.to() > timeline.frameCount()) {
        throw new IllegalArgumentException(
            "frame range ["
                + segment.from()
                + ", "
                + segment.to()
                + ") is past the timeline's "
                + timeline.frameCount()
                + " frames");
      }
      if (i > 0 && segments.get(i - 1).to() != segment.from()) {
        throw new IllegalArgumentException(
            "segments must be consecutive: [" + segments.get(i - 1) + "] then [" + segment + "]");
      }
    }
    if (segments.isEmpty()) {
      return;
    }
    try (SegmentDelivery delivery = new SegmentDelivery(sink)) {
      if (oneSession(segments, encoding)) {
        renderInOneSession(
            timeline,
            media,
            segments,
            encoding,
            fileOf,
            delivery,
            framesBefore,
            framesInAll,
            listener);
      } else {
        renderSessionPerSegment(
            timeline,
            media,
            segments,
            encoding,
            fileOf,
            delivery,
            framesBefore,
            framesInAll,
            listener);
      }
      delivery.awaitAll();
    }
  }

  /** libx264, and every segment but the last of one length. */
  static boolean oneSession(List<FrameRange> segments, VideoEncoding encoding) {
    if (!VideoEncoding.LIBX264.equals(encoding.codec())
        || "0".equals(System.getenv("RENDEROWL_SEGMENT_SESSION"))) {
      return false;
    }
    long length = segments.getFirst().frames();
    for (int i = 0; i < segments.size() - 1; i++) {
      if (segments.get(i).frames() != length) {
        return false;
      }
    }
    return segments.getLast().frames() <= length;
  }

  private static void renderInOneSession(
      TimelineDocument timeline,
      MediaResolver media,
      List<FrameRange> segments,
      VideoEncoding encoding,
      java.util.function.Function<FrameRange, Path> fileOf,
      SegmentDelivery delivery,
      long framesBefore,
      long framesInAll,
      RenderListener listener) {
    int fps = timeline.fps();
    Path first = fileOf.apply(segments.getFirst()).toAbsolutePath();
    String prefix = ".session-" + java.util.UUID.randomUUID() + "-";
    Path folder = first.getParent();
    String pattern = folder.toString().replace("%", "%%") + "/" + prefix + "%d.mp4";
    java.util.function.IntFunction<Path> cut = i -> folder.resolve(prefix + i + ".mp4");
    FrameRange all = new FrameRange(segments.getFirst().from(), segments.getLast().to());
    int[] handed = {0};
    // hands over every segment the muxer has closed (the next file exists), in order
    java.util.function.IntConsumer handOver =
        closedBelow -> {
          while (handed[0] < closedBelow) {
            FrameRange segment = segments.get(handed[0]);
            Path file = fileOf.apply(segment);
            // the segment muxer reports a failed cut, but the last file's index is written by the
            // trailer, whose failure JavaCV drops: never store a segment no demuxer can open
            Mp4Files.requireWhole(
                cut.apply(handed[0]),
                "the segment of frames [" + segment.from() + ", " + segment.to() + ")");
            try {
              Files.move(
                  cut.apply(handed[0]), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
              throw new UncheckedIOException(
                  "cannot move segment " + segment + " to " + file + ": " + e.getMessage(), e);
            }
            delivery.deliver(segment, file);
            handed[0]++;
          }
        };
    try (FrameComposer composer = new FrameComposer(timeline, media);
        VideoChunkEncoder encoder =
            VideoChunkEncoder.openSegmented(
                pattern,
                timeline.width(),
                timeline.height(),
                fps,
                encoding,
                segments.stream().map(FrameRange::frames).toList())) {
      FramePipeline.run(
          composer,
          encoder,
          all,
          fps,
          timeline.width(),
          timeline.height(),
          PROGRESS_EVERY_FRAMES,
          (done, total) -> {
            delivery.rethrow();
            int closed = handed[0];
            while (closed < segments.size() - 1 && Files.exists(cut.apply(closed + 1))) {
              closed++;
            }
            handOver.accept(closed);
            listener.onFrames(framesBefore + done, framesInAll);
          });
      handOver.accept(segments.size());
    } catch (RuntimeException | Error e) {
      for (int i = handed[0]; i < segments.size(); i++) {
        deletePartial(cut.apply(i), e);
      }
      throw e;
    }
  }

  private static void renderSessionPerSegment(
      TimelineDocument timeline,
      MediaResolver media,
      List<FrameRange> segments,
      VideoEncoding encoding,
      java.util.function.Function<FrameRange, Path> fileOf,
      SegmentDelivery delivery,
      long framesBefore,
      long framesInAll,
      RenderListener listener) {
    int fps = timeline.fps();
    long before = framesBefore;
    try (FrameComposer composer = new FrameComposer(timeline, media)) {
      for (FrameRange segment : segments) {
        Path output = fileOf.apply(segment);
        long base = before;
        try (VideoChunkEncoder encoder =
            VideoChunkEncoder.open(output, timeline.width(), timeline.height(), fps, encoding)) {
          FramePipeline.run(
              composer,
              encoder,
              segment,
              fps,
              timeline.width(),
              timeline.height(),
              PROGRESS_EVERY_FRAMES,
              (done, total) -> {
                delivery.rethrow();
                listener.onFrames(base + done, framesInAll);
              });
        } catch (RuntimeException | Error e) {
          deletePartial(output, e);
          throw e;
        }
        delivery.deliver(segment, output);
        before += segment.frames();
      }
    }
  }

  /**
   * Calls a {@link SegmentSink} in order on a thread of its own, so storing a segment does not hold
   * up drawing; its first failure is rethrown on the rendering thread.
   */
  private static final class SegmentDelivery implements AutoCloseable {
    private final SegmentSink sink;
    private final java.util.concurrent.ExecutorService thread =
        java.util.concurrent.Executors.newSingleThreadExecutor(
            task -> Thread.ofPlatform().name("renderowl-segments").daemon().unstarted(task));
    private final List<java.util.concurrent.Future<?>> pending = new java.util.ArrayList<>();
    private volatile RuntimeException failure;

    SegmentDelivery(SegmentSink sink) {
      this.sink = sink;
    }

    void deliver(FrameRange segment, Path file) {
      rethrow();
      pending.add(
          thread.submit(() -> {
            if (failure != null) {
              return;
            }
            try {
              sink.finished(segment, file);
            } catch (RuntimeException e) {
              failure = e;
            }
          }));
    }

    void rethrow() {
      RuntimeException e = failure;
      if (e != null) {
        throw e;
      }
    }

    /** Waits for every delivery; rethrows the sink's first failure. */
    void awaitAll() {
      for (java.util.concurrent.Future<?> future : pending) {
        try {
          future.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new java.util.concurrent.CancellationException("render interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IllegalStateException(
              "storing a segment failed: " + e.getCause().getMessage(), e.getCause());
        }
      }
      rethrow();
    }

    /** Lets deliveries under way finish (a sink may still be reading its file), then stops. */
    @Override
    public void close() {
      thread.shutdown();
      try {
        if (!thread.awaitTermination(5, java.util.concurrent.TimeUnit.MINUTES)) {
          thread.shutdownNow();
        }
      } catch (InterruptedException e) {
        thread.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Joins video-only segments (from {@link #renderSegments}, in frame order) into one video-only
   * chunk by stream copy, timestamps continuous and starting at 0.
   *
   * @throws IllegalArgumentException when they do not hold {@code expectedFrames} frames, or were
   *     encoded with different settings; the output is deleted
   */
  public ChunkOutcome joinVideo(List<Path> segments, FrameRange range, Path output) {
    long frames = ChunkJoiner.join(segments, null, output);
    if (frames != range.frames()) {
      IllegalArgumentException mismatch =
          new IllegalArgumentException(
              "the "
                  + segments.size()
                  + " segments hold "
                  + frames
                  + " frames but the chunk has "
                  + range.frames());
      deletePartial(output, mismatch);
      throw mismatch;
    }
    return new ChunkOutcome(range, sizeOf(output));
  }

  /**
   * {@link #renderAudio(TimelineDocument, MediaResolver, LoudnessTarget, Path)} normalised to
   * {@link LoudnessTarget#DEFAULT}.
   */
  public AudioOutcome renderAudio(TimelineDocument timeline, MediaResolver media, Path output) {
    return renderAudio(timeline, media, LoudnessTarget.DEFAULT, output);
  }

  /**
   * Mixes every audio clip (and the sound of video clips) of the timeline, normalises the whole mix
   * to {@code loudness} in two passes (see {@link LoudnessNormaliser}; the unclipped mix waits
   * between them in a scratch file beside {@code output}) and encodes it once, streaming it in
   * one-second blocks: mono AAC, 48 kHz, 128 kbit/s in an audio-only MP4 ({@code .m4a}), exactly
   * {@code round(duration x 48000)} samples long; the encoder's 1024 priming samples are marked in
   * the edit list so the audio starts at 0.
   *
   * @throws IllegalArgumentException when an audio clip is invalid or its file has no audio
   * @throws IllegalStateException when decoding or encoding fails
   */
  public AudioOutcome renderAudio(
      TimelineDocument timeline, MediaResolver media, LoudnessTarget loudness, Path output) {
    TimelineRenderer.checkRenderable(timeline);
    LoudnessNormaliser.Result mixed = encodeAudio(timeline, media, loudness, output);
    return new AudioOutcome(
        mixed.samples(),
        mixed.samples() / (double) AudioMixer.SAMPLE_RATE,
        sizeOf(output),
        mixed.loudness());
  }

  /** The most times the track is encoded when the encoder keeps overshooting the ceiling. */
  static final int MAX_AUDIO_ENCODES = 3;

  /** How much further the gain drops than the measured overshoot when encoding again. */
  static final double OVERSHOOT_MARGIN_DB = 0.2;

  /**
   * Mixes once, then normalises and encodes; when normalising, the encoded track is decoded as
   * players do and measured, and if AAC pushed its true peak over the ceiling (it adds +0.5 to +1.5
   * dB after heavy limiting, more than a fixed headroom covers without wasting level on other
   * mixes), pass 2 runs again from the kept mix with the gain and the limiter's ceiling both
   * lowered by the overshoot plus {@value #OVERSHOOT_MARGIN_DB} dB: the same limited track, scaled
   * down, whose encoded peaks scale with it. Lowering the gain alone did not converge on a heavily
   * limited mix (the limiter held its peaks at the same ceiling: limited noise came out at +0.07
   * dBTP after three encodes, a 60 s run at -0.7 dBTP), and lowering the ceiling alone squeezes the
   * peaks harder, which AAC overshoots more. The track loses as many LU as it was over, a few
   * tenths on narration. The output figures are the delivered track's own.
   */
  private static LoudnessNormaliser.Result encodeAudio(
      TimelineDocument timeline, MediaResolver media, LoudnessTarget target, Path output) {
    if (!target.normalise()) {
      return encodeOnce(output, sink -> LoudnessNormaliser.mixUnchanged(timeline, media, sink));
    }
    Path scratch = output.resolveSibling(output.getFileName() + ".mix.f32");
    StepTimes times = new StepTimes("audio mix " + output.getFileName());
    try (LoudnessNormaliser.Mix mix = LoudnessNormaliser.Mix.of(timeline, media, scratch)) {
      times.step("mix_and_measure");
      double gain = Double.NaN;
      double headroom = LoudnessNormaliser.ENCODER_HEADROOM_DB;
      for (int encode = 1; ; encode++) {
        double fixedGain = gain;
        double fixedHeadroom = headroom;
        LoudnessNormaliser.Result mixed =
            encodeOnce(output, sink -> mix.normalise(target, fixedHeadroom, fixedGain, sink));
        times.step("normalise_and_encode");
        LoudnessMeter delivered = LoudnessMeter.ofFile(output, AudioMixer.SAMPLE_RATE);
        times.step("measure_encoded");
        LoudnessReport report = mixed.loudness();
        LoudnessNormaliser.Result result =
            new LoudnessNormaliser.Result(
                mixed.samples(),
                new LoudnessReport(
                    report.inputIntegratedLufs(),
                    report.inputTruePeakDbtp(),
                    report.gainDb(),
                    report.limited(),
                    delivered.integratedLufs(),
                    delivered.truePeakDbtp()));
        double over =
            delivered.truePeakDbtp()
                - (target.truePeakMaxDbtp() - LoudnessNormaliser.TRUE_PEAK_TOLERANCE_DB);
        if (!(over > 0) || encode == MAX_AUDIO_ENCODES) {
          times.note("encodes", encode);
          times.log();
          return result;
        }
        // the gain and the limiter's ceiling lowered together: the limited track, scaled
        double trim = over + OVERSHOOT_MARGIN_DB;
        gain = report.gainDb() - trim;
        headroom += trim;
      }
    } catch (RuntimeException | Error e) {
      deletePartial(output, e);
      throw e;
    }
  }

  private static LoudnessNormaliser.Result encodeOnce(
      Path output, java.util.function.Function<AudioMixer.Sink, LoudnessNormaliser.Result> mix) {
    try (AudioTrackEncoder encoder = AudioTrackEncoder.open(output)) {
      LoudnessNormaliser.Result mixed = mix.apply(encoder::write);
      encoder.finish();
      return mixed;
    } catch (RuntimeException | Error e) {
      deletePartial(output, e);
      throw e;
    }
  }

  /**
   * Joins {@code chunks} (from {@link #renderVideo}, in frame order, together covering {@code [0,
   * frameCount)}) and {@code audio} (from {@link #renderAudio}, or null for a silent video) into
   * {@code output} (replaced) by stream copy: H.264 + AAC in MP4 with faststart, video timestamps
   * continuous across the seams, audio and video both starting at 0.
   *
   * @return frames, duration and size of the MP4
   * @throws IllegalArgumentException when the chunks do not add up to the timeline's frame count or
   *     were encoded with different settings; the output is deleted
   * @throws IllegalStateException when reading or writing fails
   */
  public RenderOutcome join(TimelineDocument timeline, List<Path> chunks, Path audio, Path output) {
    long frames = ChunkJoiner.join(chunks, audio, output);
    if (frames != timeline.frameCount()) {
      IllegalArgumentException mismatch =
          new IllegalArgumentException(
              "the "
                  + chunks.size()
                  + " chunks hold "
                  + frames
                  + " frames but the timeline has "
                  + timeline.frameCount());
      deletePartial(output, mismatch);
      throw mismatch;
    }
    return new RenderOutcome(frames, frames / (double) timeline.fps(), sizeOf(output));
  }

  /**
   * Draws timeline frame {@code frame} and writes it as a JPEG (quality 0.9) of the timeline's size
   * to {@code output}.
   *
   * @throws IllegalArgumentException when the frame is outside the timeline
   */
  public void renderPoster(
      TimelineDocument timeline, MediaResolver media, long frame, Path output) {
    TimelineRenderer.checkRenderable(timeline);
    if (frame < 0 || frame >= timeline.frameCount()) {
      throw new IllegalArgumentException(
          "poster frame "
              + frame
              + " is outside the timeline's "
              + timeline.frameCount()
              + " frames");
    }
    try (FrameComposer composer = new FrameComposer(timeline, media)) {
      BufferedImage image = composer.drawRgb(frame / (double) timeline.fps());
      Jpegs.write(image, output, 0.9f);
    }
  }

  static void deletePartial(Path output, Throwable cause) {
    try {
      Files.deleteIfExists(output);
    } catch (IOException e) {
      cause.addSuppressed(e);
    }
  }

  static long sizeOf(Path output) {
    try {
      return Files.size(output);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "wrote " + output + " but cannot read its size: " + e.getMessage(), e);
    }
  }
}
