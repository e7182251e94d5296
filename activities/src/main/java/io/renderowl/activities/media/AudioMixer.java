package io.renderowl.activities.media;

import io.renderowl.workflows.timeline.ClipDocument;
import io.renderowl.workflows.timeline.TimelineDocument;
import io.renderowl.workflows.timeline.TrackDocument;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Mixes the sound of every audio clip and every video clip (unless {@code muted}) on the visible
 * tracks into one mono 16-bit track at {@value #SAMPLE_RATE} Hz that lasts exactly the timeline's
 * duration. Each clip starts at its {@code start_time} ({@code trimStart} seconds into its file),
 * starts over at the end of its file when {@code loop} is set, is cut at its own end and the
 * timeline's end, and is scaled by {@code volume}, a linear fade in over {@code fadeInSeconds}
 * and out over {@code fadeOutSeconds}. A {@code role: "music"} clip with {@code duckUnderSpeech}
 * drops to {@value #DUCK_GAIN} of its volume while any other sound clip (voice) plays, with
 * {@value #DUCK_RAMP_SECONDS} s ramps. Sources of any sample rate and channel count are resampled
 * by FFmpeg; the sum is clipped to 16 bits.
 */
final class AudioMixer {

  static final int SAMPLE_RATE = 48_000;

  /** Music volume factor under speech. */
  static final double DUCK_GAIN = 0.3;

  /** Length of the duck's down and up ramps. */
  static final double DUCK_RAMP_SECONDS = 0.25;

  static {
    TimelineRenderer.quietFfmpegLogs();
  }

  private AudioMixer() {}

  /**
   * @return round(duration x {@value #SAMPLE_RATE}) samples
   * @throws IllegalArgumentException when a clip's volume is negative or an audio clip's file
   *     has no audio
   * @throws IllegalStateException when a file cannot be decoded
   */
  static short[] mix(TimelineDocument timeline, MediaResolver media) {
    short[] mix = new short[Math.toIntExact(Math.round(timeline.durationSeconds() * SAMPLE_RATE))];
    List<ClipDocument> sounds = new ArrayList<>();
    for (TrackDocument track : timeline.tracks()) {
      if (track.visible()) {
        for (ClipDocument clip : track.clips()) {
          boolean audio = clip.type().equals("audio");
          boolean video = clip.type().equals("video") && !Boolean.TRUE.equals(clip.content().get("muted"));
          if (audio || video) {
            sounds.add(clip);
          }
        }
      }
    }
    List<double[]> speech = speechIntervals(sounds);
    for (ClipDocument clip : sounds) {
      addClip(mix, clip, media.resolve(clip.sourceUrl()), speech);
    }
    return mix;
  }

  private static boolean isMusic(ClipDocument clip) {
    return "music".equals(clip.text("role", null));
  }

  /** Start and end of every sound that is not music, sorted and merged. */
  private static List<double[]> speechIntervals(List<ClipDocument> sounds) {
    List<double[]> intervals = new ArrayList<>();
    sounds.stream()
        .filter(clip -> !isMusic(clip) && clip.number("volume", 1.0) > 0)
        .sorted(Comparator.comparingDouble(ClipDocument::startTime))
        .forEach(clip -> {
          double[] last = intervals.isEmpty() ? null : intervals.getLast();
          if (last != null && clip.startTime() <= last[1]) {
            last[1] = Math.max(last[1], clip.endTime());
          } else {
            intervals.add(new double[] {clip.startTime(), clip.endTime()});
          }
        });
    return intervals;
  }

  /** 1 inside speech, ramping to 0 within {@link #DUCK_RAMP_SECONDS} outside it. */
  private static double speechEnvelope(List<double[]> speech, double t) {
    double envelope = 0;
    for (double[] interval : speech) {
      if (interval[0] - DUCK_RAMP_SECONDS > t) {
        break;
      }
      double e;
      if (t < interval[0]) {
        e = 1 - (interval[0] - t) / DUCK_RAMP_SECONDS;
      } else if (t <= interval[1]) {
        e = 1;
      } else {
        e = 1 - (t - interval[1]) / DUCK_RAMP_SECONDS;
      }
      envelope = Math.max(envelope, e);
    }
    return Math.clamp(envelope, 0, 1);
  }

  private static void addClip(short[] mix, ClipDocument clip, Path file, List<double[]> speech) {
    double volume = clip.number("volume", 1.0);
    if (volume < 0) {
      throw new IllegalArgumentException("clip " + clip.id() + ": volume must be >= 0 (got " + volume + ")");
    }
    if (volume == 0) {
      return;
    }
    boolean video = clip.type().equals("video");
    boolean loop = Boolean.TRUE.equals(clip.content().get("loop"));
    boolean duck = isMusic(clip) && Boolean.TRUE.equals(clip.content().get("duckUnderSpeech"));
    double trimStart = Math.max(0, clip.number("trimStart", 0));
    double fadeIn = Math.max(0, clip.number("fadeInSeconds", 0));
    double fadeOut = Math.max(0, clip.number("fadeOutSeconds", 0));
    long first = Math.round(clip.startTime() * SAMPLE_RATE);
    long end = Math.min(mix.length, Math.round(clip.endTime() * SAMPLE_RATE));
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
      grabber.setSampleFormat(avutil.AV_SAMPLE_FMT_S16);
      grabber.setSampleRate(SAMPLE_RATE);
      grabber.setAudioChannels(1);
      grabber.start();
      if (grabber.getAudioStream() < 0) {
        if (video) {
          return; // a video without sound adds nothing
        }
        throw new IllegalArgumentException(
            "clip " + clip.id() + ": " + file + " (from " + clip.sourceUrl() + ") has no audio stream");
      }
      if (trimStart > 0) {
        grabber.setTimestamp(Math.round(trimStart * 1e6));
      }
      long at = first;
      boolean progressed = false;
      double ducking = 1;
      while (at < end) {
        Frame frame = grabber.grabSamples();
        if (frame == null) {
          if (!loop || !progressed) {
            break;
          }
          grabber.setTimestamp(Math.round(trimStart * 1e6));
          progressed = false;
          continue;
        }
        ShortBuffer samples = (ShortBuffer) frame.samples[0];
        while (samples.hasRemaining() && at < end) {
          short sample = samples.get();
          progressed = true;
          if (at >= 0) {
            double t = at / (double) SAMPLE_RATE;
            double gain = volume;
            if (fadeIn > 0) {
              gain *= Math.min(1, (t - clip.startTime()) / fadeIn);
            }
            if (fadeOut > 0) {
              gain *= Math.min(1, (clip.endTime() - t) / fadeOut);
            }
            if (duck) {
              if ((at & 63) == 0 || at == first) { // the envelope moves slowly: every 1.3 ms is enough
                ducking = 1 - (1 - DUCK_GAIN) * speechEnvelope(speech, t);
              }
              gain *= ducking;
            }
            int index = (int) at;
            mix[index] = (short) Math.clamp(mix[index] + Math.round(sample * Math.max(0, gain)), Short.MIN_VALUE, Short.MAX_VALUE);
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
