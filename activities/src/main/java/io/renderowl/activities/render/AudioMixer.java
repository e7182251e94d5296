package io.renderowl.activities.render;

import io.renderowl.activities.storage.MediaResolver;
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
 * timeline's end, and is scaled by {@code volume}, a linear fade in over {@code fadeInSeconds} and
 * out over {@code fadeOutSeconds}. A {@code role: "music"} clip with {@code duckUnderSpeech} drops
 * to {@value #DUCK_GAIN} of its volume while any other sound clip (voice) plays, with {@value
 * #DUCK_RAMP_SECONDS} s ramps. Sources of any sample rate and channel count are resampled by
 * FFmpeg; the sum is clipped to 16 bits.
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

  /** Samples mixed per block: one second. */
  static final int BLOCK = SAMPLE_RATE;

  /** Receives the mix block by block; the array is reused after the call. */
  @FunctionalInterface
  interface Sink {
    void accept(short[] samples, int length);
  }

  /**
   * Receives the mix block by block as unclipped sums of 16-bit samples (full scale 32768); the
   * array is reused after the call.
   */
  @FunctionalInterface
  interface SumSink {
    void accept(int[] sums, int length);
  }

  /**
   * The whole mix in one array (for tests and short timelines).
   *
   * @return round(duration x {@value #SAMPLE_RATE}) samples
   */
  static short[] mix(TimelineDocument timeline, MediaResolver media) {
    short[] all = new short[Math.toIntExact(Math.round(timeline.durationSeconds() * SAMPLE_RATE))];
    int[] at = {0};
    mixTo(
        timeline,
        media,
        (samples, length) -> {
          System.arraycopy(samples, 0, all, at[0], length);
          at[0] += length;
        });
    return all;
  }

  /**
   * Mixes the timeline's sound in blocks of {@value #BLOCK} samples and hands them to {@code sink}
   * in order: memory holds one block and one open decoder per sounding clip, whatever the length.
   *
   * @return round(duration x {@value #SAMPLE_RATE}), the samples handed over
   * @throws IllegalArgumentException when a clip's volume is negative or an audio clip's file has
   *     no audio
   * @throws IllegalStateException when a file cannot be decoded
   */
  static long mixTo(TimelineDocument timeline, MediaResolver media, Sink sink) {
    short[] block = new short[BLOCK];
    return mixSumsTo(
        timeline,
        media,
        (sums, length) -> {
          for (int i = 0; i < length; i++) {
            block[i] = (short) Math.clamp(sums[i], Short.MIN_VALUE, Short.MAX_VALUE);
          }
          sink.accept(block, length);
        });
  }

  /**
   * As {@link #mixTo}, but hands over the sums before they are clipped to 16 bits, so that a gain
   * applied afterwards does not keep clipping that it could have undone.
   */
  static long mixSumsTo(TimelineDocument timeline, MediaResolver media, SumSink sink) {
    long total = Math.round(timeline.durationSeconds() * SAMPLE_RATE);
    List<ClipDocument> sounds = new ArrayList<>();
    for (TrackDocument track : timeline.tracks()) {
      if (track.visible()) {
        for (ClipDocument clip : track.clips()) {
          boolean audio = clip.type().equals("audio");
          boolean video =
              clip.type().equals("video") && !Boolean.TRUE.equals(clip.content().get("muted"));
          if (audio || video) {
            if (clip.number("volume", 1.0) < 0) {
              throw new IllegalArgumentException(
                  "clip "
                      + clip.id()
                      + ": volume must be >= 0 (got "
                      + clip.number("volume", 1.0)
                      + ")");
            }
            sounds.add(clip);
          }
        }
      }
    }
    sounds.sort(Comparator.comparingDouble(ClipDocument::startTime));
    List<double[]> speech = speechIntervals(sounds);
    List<ClipSound> playing = new ArrayList<>();
    int next = 0;
    int[] sum = new int[BLOCK];
    try {
      for (long blockStart = 0; blockStart < total; blockStart += BLOCK) {
        int length = (int) Math.min(BLOCK, total - blockStart);
        long blockEnd = blockStart + length;
        while (next < sounds.size()
            && Math.round(sounds.get(next).startTime() * SAMPLE_RATE) < blockEnd) {
          ClipDocument clip = sounds.get(next++);
          if (clip.number("volume", 1.0) > 0) {
            playing.add(new ClipSound(clip, media, speech, total));
          }
        }
        java.util.Arrays.fill(sum, 0, length, 0);
        for (ClipSound sound : playing) {
          sound.addTo(sum, blockStart, length);
        }
        playing.removeIf(sound -> {
          if (sound.finishedBefore(blockEnd)) {
            sound.close();
            return true;
          }
          return false;
        });
        sink.accept(sum, length);
      }
    } finally {
      playing.forEach(ClipSound::close);
    }
    return total;
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

  /** One sounding clip: its decoder, where it is, and its gain rules. */
  private static final class ClipSound {
    private final ClipDocument clip;
    private final Path file;
    private final List<double[]> speech;
    private final double volume;
    private final boolean loop;
    private final boolean duck;
    private final double trimStart;
    private final double fadeIn;
    private final double fadeOut;
    private final long first;
    private final long end;
    private FFmpegFrameGrabber grabber;
    private ShortBuffer pending;
    private long at;
    private boolean ended;
    private boolean progressed;
    private double ducking = 1;

    ClipSound(ClipDocument clip, MediaResolver media, List<double[]> speech, long total) {
      this.clip = clip;
      this.file = media.resolve(clip.sourceUrl());
      this.speech = speech;
      this.volume = clip.number("volume", 1.0);
      this.loop = Boolean.TRUE.equals(clip.content().get("loop"));
      this.duck = isMusic(clip) && Boolean.TRUE.equals(clip.content().get("duckUnderSpeech"));
      this.trimStart = Math.max(0, clip.number("trimStart", 0));
      this.fadeIn = Math.max(0, clip.number("fadeInSeconds", 0));
      this.fadeOut = Math.max(0, clip.number("fadeOutSeconds", 0));
      this.first = Math.round(clip.startTime() * SAMPLE_RATE);
      this.end = Math.min(total, Math.round(clip.endTime() * SAMPLE_RATE));
      this.at = first;
      open();
    }

    boolean finishedBefore(long sample) {
      return ended || at >= end || end <= sample;
    }

    private void open() {
      grabber = new FFmpegFrameGrabber(file.toFile());
      grabber.setSampleFormat(avutil.AV_SAMPLE_FMT_S16);
      grabber.setSampleRate(SAMPLE_RATE);
      grabber.setAudioChannels(1);
      try {
        grabber.start();
        if (grabber.getAudioStream() < 0) {
          if (clip.type().equals("video")) {
            ended = true; // a video without sound adds nothing
            return;
          }
          throw ClipLayer.unusableSource(clip, file, "has no audio stream");
        }
        if (trimStart > 0) {
          grabber.setTimestamp(Math.round(trimStart * 1e6));
        }
      } catch (FrameGrabber.Exception e) {
        close();
        throw new IllegalStateException(
            "clip " + clip.id() + ": cannot decode audio " + file + ": " + e.getMessage(), e);
      } catch (RuntimeException e) {
        close();
        throw e;
      }
    }

    /** Adds this clip's samples for {@code [blockStart, blockStart + length)} to {@code sum}. */
    void addTo(int[] sum, long blockStart, int length) {
      long stop = Math.min(end, blockStart + length);
      try {
        while (!ended && at < stop) {
          if (pending == null || !pending.hasRemaining()) {
            Frame frame = grabber.grabSamples();
            if (frame == null) {
              if (!loop || !progressed) {
                ended = true;
                break;
              }
              grabber.setTimestamp(Math.round(trimStart * 1e6));
              progressed = false;
              continue;
            }
            pending = (ShortBuffer) frame.samples[0];
          }
          while (pending.hasRemaining() && at < stop) {
            short sample = pending.get();
            progressed = true;
            if (at >= blockStart) {
              sum[(int) (at - blockStart)] += (int) Math.round(sample * gainAt(at));
            }
            at++;
          }
        }
      } catch (FrameGrabber.Exception e) {
        throw new IllegalStateException(
            "clip " + clip.id() + ": cannot decode audio " + file + ": " + e.getMessage(), e);
      }
    }

    private double gainAt(long sample) {
      double t = sample / (double) SAMPLE_RATE;
      double gain = volume;
      if (fadeIn > 0) {
        gain *= Math.min(1, (t - clip.startTime()) / fadeIn);
      }
      if (fadeOut > 0) {
        gain *= Math.min(1, (clip.endTime() - t) / fadeOut);
      }
      if (duck) {
        if ((sample & 63) == 0
            || sample == first) { // the envelope moves slowly: every 1.3 ms is enough
          ducking = 1 - (1 - DUCK_GAIN) * speechEnvelope(speech, t);
        }
        gain *= ducking;
      }
      return Math.max(0, gain);
    }

    void close() {
      if (grabber != null) {
        try {
          grabber.close();
        } catch (FrameGrabber.Exception e) {
          // reading is over; nothing of the mix depends on freeing the decoder
        }
        grabber = null;
      }
    }
  }
}
