package io.renderowl.activities.voice;

import io.renderowl.activities.provider.ProviderFailures;
import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/**
 * Speech audio is checked before it enters the timeline: it must decode (FFmpeg), have an audio
 * stream, and last long enough for its text. Too short means truncated (a cut-off download or a
 * provider error); that is a retryable {@value ProviderFailures#AUDIO_TRUNCATED} failure.
 */
public final class AudioCheck {
  /** Faster than this many words per second is not speech but a cut-off file. */
  static final double MAX_WORDS_PER_SECOND = 6.0;

  private AudioCheck() {}

  /**
   * Decodes {@code file} and returns its length in seconds.
   *
   * @param expectedEnd where the provider said the speech ends (0 when unknown)
   */
  public static double check(String provider, Path file, String text, double expectedEnd) {
    double seconds = decodedSeconds(provider, file);
    int words = text.isBlank() ? 0 : text.strip().split("\\s+").length;
    double minimum = Math.max(0.2, words / MAX_WORDS_PER_SECOND);
    if (expectedEnd > 0 && seconds + 0.25 < expectedEnd) {
      throw ProviderFailures.retryable(
          ProviderFailures.AUDIO_TRUNCATED,
          String.format(
              java.util.Locale.ROOT,
              "%s speech is truncated: %.2f s of audio, but its timings run to %.2f s",
              provider,
              seconds,
              expectedEnd));
    }
    if (seconds < minimum) {
      throw ProviderFailures.retryable(
          ProviderFailures.AUDIO_TRUNCATED,
          String.format(
              java.util.Locale.ROOT,
              "%s speech is truncated: %.2f s of audio for %d words (at least %.2f s expected)",
              provider,
              seconds,
              words,
              minimum));
    }
    return seconds;
  }

  static double decodedSeconds(String provider, Path file) {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
      grabber.start();
      if (grabber.getAudioChannels() <= 0) {
        throw ProviderFailures.retryable(
            ProviderFailures.AUDIO_TRUNCATED, provider + " speech has no audio stream");
      }
      // Count decoded samples: container headers of a cut-off file still claim the full length.
      long samples = 0;
      int rate = grabber.getSampleRate();
      Frame frame;
      while ((frame = grabber.grabSamples()) != null) {
        if (frame.samples != null && frame.samples.length > 0) {
          samples +=
              frame.samples[0].limit()
                  / Math.max(1, frame.samples.length == 1 ? grabber.getAudioChannels() : 1);
        }
      }
      grabber.stop();
      if (rate <= 0 || samples == 0) {
        throw ProviderFailures.retryable(
            ProviderFailures.AUDIO_TRUNCATED, provider + " speech decodes to no samples");
      }
      return samples / (double) rate;
    } catch (org.bytedeco.javacv.FrameGrabber.Exception e) {
      throw ProviderFailures.retryable(
          ProviderFailures.AUDIO_TRUNCATED,
          provider + " speech does not decode: " + e.getMessage());
    }
  }
}
