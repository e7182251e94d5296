package io.renderowl.activities.render;

import io.renderowl.activities.storage.MediaResolver;
import io.renderowl.workflows.timeline.TimelineDocument;
import io.renderowl.workflows.timeline.TimelineValidator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Renders a {@link TimelineDocument} to an MP4 file (H.264 + AAC) in one process: the whole
 * timeline as one video chunk (drawn in segments, exactly as a chunk activity encodes it), the
 * audio once, then both joined by stream copy (see {@link ChunkRenderer}).
 *
 * <p>Each frame is drawn with Java2D into one reused canvas and encoded at once, so memory does not
 * grow with the video's length; only the mixed mono audio is held, about 96 KB per second. The
 * video has exactly {@link TimelineDocument#frameCount()} frames and the audio exactly the
 * timeline's duration.
 */
public final class TimelineRenderer {

  private static final AtomicBoolean LOGS_QUIET = new AtomicBoolean();

  /** How often, in frames, the listener hears of progress. */
  public static final int PROGRESS_EVERY_FRAMES = 15;

  private final ChunkRenderer chunks = new ChunkRenderer();
  private final VideoEncoding encoding;

  /** A renderer with {@link VideoEncoding#forFrame} settings for each timeline. */
  public TimelineRenderer() {
    this.encoding = null;
  }

  /** A renderer with the given encoding. */
  public TimelineRenderer(VideoEncoding encoding) {
    this.encoding = encoding;
  }

  /**
   * Renders {@code timeline} into {@code output}, replacing it.
   *
   * @param media resolves clip sources to local files; called from one thread at a time
   * @param listener hears progress; throwing from it cancels the render
   * @return what was written
   * @throws io.renderowl.workflows.timeline.InvalidTimelineException (an IllegalArgumentException)
   *     listing every structural problem, before anything is drawn
   * @throws IllegalArgumentException when media cannot be used as the timeline describes
   * @throws IllegalStateException when encoding fails
   * @throws RuntimeException the listener's exception, after the partial output is deleted
   */
  public RenderOutcome render(
      TimelineDocument timeline, MediaResolver media, Path output, RenderListener listener) {
    checkRenderable(timeline);
    // a lone chunk's x264 threads, as a render worker sets them, so that the engine alone and a
    // 1-chunk render through the workflow encode the same stream
    VideoEncoding chosen =
        encoding != null
            ? encoding
            : VideoEncoding.forFrame(timeline.width(), timeline.height(), timeline.fps())
                .withThreads(
                    ChunkActivitiesImpl.x264Threads(
                        Runtime.getRuntime().availableProcessors(), 1, 1));
    Path work = null;
    try {
      Path parent = output.toAbsolutePath().getParent();
      work = Files.createTempDirectory(parent, ".render-");
      Path audio = work.resolve("audio.m4a");
      Path video = work.resolve("video.mp4");
      // the audio (light, mostly AAC) runs beside the video instead of before it; the two threads
      // share the caller's resolver, which need not be thread-safe
      MediaResolver shared = serialized(media);
      CompletableFuture<AudioOutcome> audioDone =
          CompletableFuture.supplyAsync(
              () -> chunks.renderAudio(timeline, shared, audio), AUDIO_THREADS);
      try {
        // in segments, as a chunk activity renders (the same encoder settings and cuts)
        chunks.renderVideoInSegments(
            timeline,
            shared,
            new FrameRange(0, timeline.frameCount()),
            chosen,
            work,
            video,
            listener);
      } catch (RuntimeException | Error e) {
        awaitQuietly(audioDone); // before the work folder is deleted
        throw e;
      }
      await(audioDone);
      return chunks.join(timeline, List.of(video), audio, output);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot create a work folder next to " + output + ": " + e.getMessage(), e);
    } catch (RuntimeException | Error e) {
      ChunkRenderer.deletePartial(output, e);
      throw e;
    } finally {
      deleteWork(work);
    }
  }

  private static final java.util.concurrent.Executor AUDIO_THREADS =
      task -> Thread.ofPlatform().name("renderowl-audio").daemon().start(task);

  /** A resolver that lets one caller in at a time. */
  private static MediaResolver serialized(MediaResolver media) {
    Object lock = new Object();
    return url -> {
      synchronized (lock) {
        return media.resolve(url);
      }
    };
  }

  private static void await(CompletableFuture<AudioOutcome> audio) {
    try {
      audio.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  private static void awaitQuietly(CompletableFuture<AudioOutcome> audio) {
    try {
      audio.join();
    } catch (RuntimeException e) {
      // the video's failure is the one reported
    }
  }

  /** Keeps only FFmpeg's errors on stderr (no stream dumps or encoder banners). */
  static void quietFfmpegLogs() {
    if (LOGS_QUIET.compareAndSet(false, true)) {
      org.bytedeco.ffmpeg.global.avutil.av_log_set_level(
          org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR);
    }
  }

  /**
   * @throws io.renderowl.workflows.timeline.InvalidTimelineException listing every structural
   *     problem of the timeline
   */
  static void checkRenderable(TimelineDocument timeline) {
    TimelineValidator.requireValid(timeline);
  }

  private static void deleteWork(Path work) {
    if (work == null) {
      return;
    }
    try (var files = Files.list(work)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(work);
    } catch (IOException e) {
      // a leftover temp folder is harmless; the render's result matters
    }
  }
}
