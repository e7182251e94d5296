package io.renderowl.activities.media;

import io.renderowl.workflows.timeline.ClipDocument;
import io.renderowl.workflows.timeline.TimelineDocument;
import io.renderowl.workflows.timeline.TrackDocument;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Mixes every audio clip on the visible tracks into one mono 16-bit track at {@value
 * #SAMPLE_RATE} Hz that lasts exactly the timeline's duration: each clip starts at its {@code
 * startTime}, is scaled by its {@code volume}, cut at its own end and the timeline's end; the rest
 * is silence. Sources of any sample rate and channel count are resampled by FFmpeg.
 */
final class AudioMixer {

  static final int SAMPLE_RATE = 48_000;

  private AudioMixer() {}

  /**
   * @return round(duration x {@value #SAMPLE_RATE}) samples
   * @throws IllegalArgumentException when a clip's volume is negative or its file has no audio
   * @throws IllegalStateException when a file cannot be decoded
   */
  static short[] mix(TimelineDocument timeline, MediaResolver media) {
    short[] mix = new short[Math.toIntExact(Math.round(timeline.durationSeconds() * SAMPLE_RATE))];
    for (TrackDocument track : timeline.tracks()) {
      if (!track.visible()) {
        continue;
      }
      for (ClipDocument clip : track.clips()) {
        if (clip.type().equals("audio")) {
          addClip(mix, clip, media.resolve(clip.sourceUrl()));
        }
      }
    }
    return mix;
  }

  private static void addClip(short[] mix, ClipDocument clip, Path file) {
    double volume = clip.number("volume", 1.0);
    if (volume < 0) {
      throw new IllegalArgumentException("clip " + clip.id() + ": volume must be >= 0 (got " + volume + ")");
    }
    long first = Math.round(clip.startTime() * SAMPLE_RATE);
    long end = Math.min(mix.length, Math.round(clip.endTime() * SAMPLE_RATE));
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
      grabber.setSampleFormat(avutil.AV_SAMPLE_FMT_S16);
      grabber.setSampleRate(SAMPLE_RATE);
      grabber.setAudioChannels(1);
      grabber.start();
      if (grabber.getAudioStream() < 0) {
        throw new IllegalArgumentException(
            "clip " + clip.id() + ": " + file + " (from " + clip.sourceUrl() + ") has no audio stream");
      }
      long at = first;
      Frame frame;
      while (at < end && (frame = grabber.grabSamples()) != null) {
        ShortBuffer samples = (ShortBuffer) frame.samples[0];
        while (samples.hasRemaining() && at < end) {
          short sample = samples.get();
          if (at >= 0) {
            int index = (int) at;
            mix[index] = (short) Math.clamp(mix[index] + Math.round(sample * volume), Short.MIN_VALUE, Short.MAX_VALUE);
          }
          at++;
        }
      }
      grabber.stop();
    } catch (FrameGrabber.Exception e) {
      throw new IllegalStateException(
          "clip " + clip.id() + ": cannot decode audio " + file + ": " + e.getMessage(), e);
    }
  }
}
