package io.renderowl.activities.render;

import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * An ITU-R BS.1770-4 / EBU R128 meter of one mono channel: integrated loudness (K-weighting, 400 ms
 * blocks every 100 ms, absolute gate at {@value #ABSOLUTE_GATE_LUFS} LUFS, relative gate {@value
 * #RELATIVE_GATE_LU} LU below the absolute-gated level) and true peak (4x oversampled, {@link
 * TruePeakFilter}). Samples are fed in order, in any block sizes; memory holds one number per 100
 * ms of sound.
 *
 * <p>Written here rather than read back from FFmpeg's {@code ebur128} filter, which reports its
 * summary only to the log; LoudnessMeterTest checks it against that filter when an {@code ffmpeg}
 * binary is on the PATH.
 */
final class LoudnessMeter {

  static final double ABSOLUTE_GATE_LUFS = -70;
  static final double RELATIVE_GATE_LU = -10;

  private final int segment;
  private final double[] stage1b = new double[3];
  private final double[] stage1a = new double[3];
  private final double[] stage2b = new double[3];
  private final double[] stage2a = new double[3];
  private double x1, x2, y1, y2, z1, z2;

  /** Sums of squares of the last four 100 ms segments (a 400 ms block). */
  private final double[] segments = new double[4];

  private int segmentsDone;
  private double current;
  private int inCurrent;
  private final List<Double> blockPowers = new ArrayList<>();

  private final TruePeakFilter oversampler = new TruePeakFilter();
  private double truePeak;
  private double samplePeak;

  private final boolean measurePeaks;

  /**
   * Measures a file's sound (decoded to mono at {@code sampleRate} Hz), e.g. the encoded audio
   * track as players will decode it.
   *
   * @throws IllegalStateException when the file cannot be decoded
   */
  static LoudnessMeter ofFile(Path file, int sampleRate) {
    LoudnessMeter meter = new LoudnessMeter(sampleRate);
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
      grabber.setSampleFormat(avutil.AV_SAMPLE_FMT_S16);
      grabber.setSampleRate(sampleRate);
      grabber.setAudioChannels(1);
      grabber.start();
      for (Frame frame; (frame = grabber.grabSamples()) != null; ) {
        ShortBuffer samples = (ShortBuffer) frame.samples[0];
        while (samples.hasRemaining()) {
          meter.add(samples.get() / 32768.0);
        }
      }
    } catch (FrameGrabber.Exception e) {
      throw new IllegalStateException(
          "cannot decode " + file + " to measure it: " + e.getMessage(), e);
    }
    return meter;
  }

  /** A meter of loudness and true peak of sound at {@code sampleRate} Hz. */
  LoudnessMeter(int sampleRate) {
    this(sampleRate, true);
  }

  /**
   * @param measurePeaks false for a meter of loudness only (true peak costs twice the loudness's
   *     arithmetic)
   */
  LoudnessMeter(int sampleRate, boolean measurePeaks) {
    this.measurePeaks = measurePeaks;
    if (sampleRate < 8000) {
      throw new IllegalArgumentException("sample rate " + sampleRate + " is below 8000 Hz");
    }
    segment = sampleRate / 10;
    kWeighting(sampleRate);
  }

  /**
   * The K-weighting pre-filter (high shelf) and RLB high-pass, for any rate (as libebur128 does).
   */
  private void kWeighting(int rate) {
    double f0 = 1681.974450955533;
    double gain = 3.999843853973347;
    double q = 0.7071752369554196;
    double k = Math.tan(Math.PI * f0 / rate);
    double vh = Math.pow(10, gain / 20);
    double vb = Math.pow(vh, 0.4996667741545416);
    double a0 = 1 + k / q + k * k;
    stage1b[0] = (vh + vb * k / q + k * k) / a0;
    stage1b[1] = 2 * (k * k - vh) / a0;
    stage1b[2] = (vh - vb * k / q + k * k) / a0;
    stage1a[1] = 2 * (k * k - 1) / a0;
    stage1a[2] = (1 - k / q + k * k) / a0;
    f0 = 38.13547087602444;
    q = 0.5003270373238773;
    k = Math.tan(Math.PI * f0 / rate);
    double b0 = 1 + k / q + k * k;
    stage2b[0] = 1;
    stage2b[1] = -2;
    stage2b[2] = 1;
    stage2a[1] = 2 * (k * k - 1) / b0;
    stage2a[2] = (1 - k / q + k * k) / b0;
  }

  /** Adds {@code samples[0, length)}, full scale = 1.0. */
  void add(float[] samples, int length) {
    for (int i = 0; i < length; i++) {
      add(samples[i]);
    }
  }

  /** Adds {@code samples[0, length)} of 16-bit sound. */
  void add(short[] samples, int length) {
    for (int i = 0; i < length; i++) {
      add(samples[i] / 32768.0);
    }
  }

  /** Adds one sample, full scale = 1.0. */
  void add(double x) {
    double y =
        stage1b[0] * x + stage1b[1] * x1 + stage1b[2] * x2 - stage1a[1] * y1 - stage1a[2] * y2;
    x2 = x1;
    x1 = x;
    double z =
        stage2b[0] * y + stage2b[1] * y1 + stage2b[2] * y2 - stage2a[1] * z1 - stage2a[2] * z2;
    y2 = y1;
    y1 = y;
    z2 = z1;
    z1 = z;
    current += z * z;
    if (++inCurrent == segment) {
      segments[segmentsDone % 4] = current;
      segmentsDone++;
      current = 0;
      inCurrent = 0;
      if (segmentsDone >= 4) {
        blockPowers.add((segments[0] + segments[1] + segments[2] + segments[3]) / (4.0 * segment));
      }
    }
    if (measurePeaks) {
      trackPeaks(x);
    }
  }

  private void trackPeaks(double x) {
    samplePeak = Math.max(samplePeak, Math.abs(x));
    // the 4x interpolation only where it could raise the peak (most samples of speech cannot)
    truePeak = Math.max(truePeak, oversampler.nextAbove(x, truePeak));
  }

  /** Integrated (gated) loudness in LUFS; negative infinity when no block passes the gates. */
  double integratedLufs() {
    double absolute = powerOf(ABSOLUTE_GATE_LUFS);
    double sum = 0;
    int n = 0;
    for (double p : blockPowers) {
      if (p > absolute) {
        sum += p;
        n++;
      }
    }
    if (n == 0) {
      return Double.NEGATIVE_INFINITY;
    }
    double relative = powerOf(lufsOf(sum / n) + RELATIVE_GATE_LU);
    sum = 0;
    n = 0;
    for (double p : blockPowers) {
      if (p > absolute && p > relative) {
        sum += p;
        n++;
      }
    }
    return n == 0 ? Double.NEGATIVE_INFINITY : lufsOf(sum / n);
  }

  /** True peak in dBTP (the largest of the samples and the 4x interpolated values). */
  double truePeakDbtp() {
    return decibels(Math.max(truePeak, samplePeak));
  }

  /** Sample peak in dBFS. */
  double samplePeakDbfs() {
    return decibels(samplePeak);
  }

  static double decibels(double linear) {
    return 20 * Math.log10(linear);
  }

  private static double lufsOf(double power) {
    return -0.691 + 10 * Math.log10(power);
  }

  private static double powerOf(double lufs) {
    return Math.pow(10, (lufs + 0.691) / 10);
  }
}
