package io.renderowl.activities.media;

import io.renderowl.workflows.timeline.TimelineDocument;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Renders a {@link TimelineDocument} to an MP4 file (H.264 + AAC), streaming frame by frame.
 *
 * <p>Each frame is drawn with Java2D into one reused canvas (images with Ken Burns zoom and
 * crossfades, outlined captions with fades) and encoded at once, so memory does not grow with the
 * video's length; only the mixed mono audio is held, about 96 KB per second. The video has exactly
 * {@link TimelineDocument#frameCount()} frames and the audio exactly the timeline's duration.
 */
public final class TimelineRenderer {
  static {
    // ffmpeg's native logging (stream dumps, encoder banners) goes to stderr, below our own
    // progress output; keep only its errors.
    org.bytedeco.ffmpeg.global.avutil.av_log_set_level(org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR);
  }


  /** How often, in frames, the listener hears of progress. */
  public static final int PROGRESS_EVERY_FRAMES = 15;

  /**
   * Renders {@code timeline} into {@code output}, replacing it.
   *
   * @param media resolves clip sources to local files
   * @param listener hears progress; throwing from it cancels the render
   * @return what was written
   * @throws IllegalArgumentException when the timeline cannot be rendered as described
   * @throws IllegalStateException when encoding fails
   * @throws RuntimeException the listener's exception, after the partial output is deleted
   */
  public RenderOutcome render(TimelineDocument timeline, MediaResolver media, Path output, RenderListener listener) {
    checkRenderable(timeline);
    int fps = timeline.fps();
    long frames = timeline.frameCount();
    short[] audio = AudioMixer.mix(timeline, media);
    try (FrameComposer composer = new FrameComposer(timeline, media);
        Mp4Encoder encoder = Mp4Encoder.open(output, timeline.width(), timeline.height(), fps)) {
      int audioWritten = 0;
      for (long frame = 0; frame < frames; frame++) {
        encoder.writeVideo(composer.draw(frame / (double) fps));
        int audioDue = (int) Math.min(audio.length, (frame + 1) * AudioMixer.SAMPLE_RATE / fps);
        encoder.writeAudio(audio, audioWritten, audioDue);
        audioWritten = audioDue;
        long done = frame + 1;
        if (done % PROGRESS_EVERY_FRAMES == 0 || done == frames) {
          listener.onFrames(done, frames);
        }
      }
      encoder.writeAudio(audio, audioWritten, audio.length);
      encoder.finish();
    } catch (RuntimeException | Error e) {
      deletePartial(output, e);
      throw e;
    }
    return new RenderOutcome(frames, frames / (double) fps, sizeOf(output));
  }

  private static void checkRenderable(TimelineDocument timeline) {
    int width = timeline.width();
    int height = timeline.height();
    if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0) {
      throw new IllegalArgumentException(
          "timeline " + timeline.id() + ": resolution must be positive and even for yuv420p (got "
              + width + "x" + height + ")");
    }
    if (timeline.fps() <= 0) {
      throw new IllegalArgumentException("timeline " + timeline.id() + ": fps must be positive (got " + timeline.fps() + ")");
    }
    if (!(timeline.durationSeconds() > 0)) {
      throw new IllegalArgumentException(
          "timeline " + timeline.id() + ": durationSeconds must be positive (got " + timeline.durationSeconds() + ")");
    }
    timeline.tracks().forEach(track -> track.clips().forEach(clip -> {
      if (!(clip.duration() > 0)) {
        throw new IllegalArgumentException(
            "clip " + clip.id() + " on track '" + track.name() + "': duration must be positive (got " + clip.duration() + ")");
      }
    }));
  }

  private static void deletePartial(Path output, Throwable cause) {
    try {
      Files.deleteIfExists(output);
    } catch (IOException e) {
      cause.addSuppressed(e);
    }
  }

  private static long sizeOf(Path output) {
    try {
      return Files.size(output);
    } catch (IOException e) {
      throw new UncheckedIOException("rendered " + output + " but cannot read its size: " + e.getMessage(), e);
    }
  }
}
