package io.renderowl.activities.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The BS.1770-4 meter on signals whose loudness is known, and against FFmpeg's ebur128 filter. */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // one test runs the ffmpeg CLI
class LoudnessMeterTest {

  static final int RATE = 48_000;

  @Test
  void aSineAtMinus20DbfsMeasuresMinus23Lufs() {
    // EBU Tech 3341 case 1 in mono: a 997 Hz sine whose peak is -20 dBFS has a mean square 3 dB
    // lower
    LoudnessMeter meter = meter(sine(997, 0.1, 20));

    assertThat(meter.integratedLufs()).isCloseTo(-23.0, within(0.1));
    assertThat(meter.truePeakDbtp()).isCloseTo(-20.0, within(0.05));
  }

  @Test
  void silenceIsGatedOutAndQuietPassagesBelowTheRelativeGateToo() {
    double[] loud = sine(997, 0.1, 10);
    double[] withSilence = concat(loud, new double[10 * RATE]);
    double[] withQuiet = concat(loud, sine(997, 0.01, 10)); // 20 LU below: under the relative gate

    assertThat(meter(withSilence).integratedLufs()).isCloseTo(-23.0, within(0.1));
    assertThat(meter(withQuiet).integratedLufs()).isCloseTo(-23.0, within(0.1));
    assertThat(meter(new double[5 * RATE]).integratedLufs()).isEqualTo(Double.NEGATIVE_INFINITY);
  }

  @Test
  void thePeakBetweenSamplesIsFound() {
    // a quarter of the sample rate, 45 degrees off: every sample sits at 0.707 of the true peak
    double[] x = new double[RATE];
    for (int i = 0; i < x.length; i++) {
      x[i] = 0.5 * Math.sin(Math.PI / 2 * i + Math.PI / 4);
    }
    LoudnessMeter meter = meter(x);

    assertThat(meter.samplePeakDbfs()).isCloseTo(LoudnessMeter.decibels(0.5) - 3.01, within(0.05));
    assertThat(meter.truePeakDbtp()).isCloseTo(LoudnessMeter.decibels(0.5), within(0.3));
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void itAgreesWithFfmpegsEbur128Filter(@TempDir Path dir) throws Exception {
    assumeTrue(onPath("ffmpeg"), "no ffmpeg on the PATH");
    double[] x = speechLike(new Random(7), 30);
    Path wav = dir.resolve("speech.wav");
    writeWav(wav, x);

    Matcher summary = ffmpegSummary(wav);
    double ffmpegLufs = Double.parseDouble(summary.group(1));
    double ffmpegPeak = Double.parseDouble(summary.group(2));
    LoudnessMeter meter = new LoudnessMeter(RATE);
    for (double v : x) {
      meter.add(Math.round(v * 32767) / 32768.0); // what the WAV holds
    }

    assertThat(meter.integratedLufs())
        .as("integrated loudness")
        .isCloseTo(ffmpegLufs, within(0.15));
    assertThat(meter.truePeakDbtp()).as("true peak").isCloseTo(ffmpegPeak, within(0.3));
  }

  /** Runs ffmpeg's ebur128 filter; groups: integrated LUFS, true peak dBFS. */
  static Matcher ffmpegSummary(Path file) throws Exception {
    Process ffmpeg =
        new ProcessBuilder(
                "ffmpeg",
                "-hide_banner",
                "-nostats",
                "-i",
                file.toString(),
                "-af",
                "ebur128=peak=true",
                "-f",
                "null",
                "-")
            .redirectErrorStream(true)
            .start();
    String out = new String(ffmpeg.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(ffmpeg.waitFor(60, TimeUnit.SECONDS)).isTrue();
    Matcher summary =
        Pattern.compile(
                "Integrated loudness:\\s+I:\\s+(-?[0-9.]+) LUFS.*True peak:\\s+Peak:\\s+(-?[0-9.]+) dBFS",
                Pattern.DOTALL)
            .matcher(out.substring(Math.max(0, out.lastIndexOf("Summary:"))));
    assertThat(summary.find()).as(out).isTrue();
    return summary;
  }

  static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (java.nio.file.Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  /** Syllables of harmonic tones at varying levels with pauses: a crest factor like speech's. */
  static double[] speechLike(Random random, double seconds) {
    double[] x = new double[(int) (seconds * RATE)];
    int at = 0;
    while (at < x.length) {
      int length = (int) ((0.08 + 0.25 * random.nextDouble()) * RATE);
      double f0 = 100 + 150 * random.nextDouble();
      double level = 0.1 + 0.25 * random.nextDouble();
      for (int i = 0; i < length && at + i < x.length; i++) {
        double envelope = Math.sin(Math.PI * i / length);
        double t = i / (double) RATE;
        double v = 0;
        for (int h = 1; h <= 8; h++) {
          v += Math.sin(2 * Math.PI * f0 * h * t + h) / h;
        }
        x[at + i] = level * envelope * v / 2.2;
      }
      at += length + (int) (random.nextDouble() * random.nextDouble() * 0.4 * RATE);
    }
    return x;
  }

  static double[] sine(double hz, double amplitude, double seconds) {
    double[] x = new double[(int) (seconds * RATE)];
    for (int i = 0; i < x.length; i++) {
      x[i] = amplitude * Math.sin(2 * Math.PI * hz * i / RATE);
    }
    return x;
  }

  static double[] concat(double[] a, double[] b) {
    double[] x = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, x, a.length, b.length);
    return x;
  }

  static LoudnessMeter meter(double[] x) {
    LoudnessMeter meter = new LoudnessMeter(RATE);
    for (double v : x) {
      meter.add(v);
    }
    return meter;
  }

  static void writeWav(Path file, double[] x) throws Exception {
    byte[] bytes = new byte[2 * x.length];
    for (int i = 0; i < x.length; i++) {
      short s = (short) Math.round(Math.clamp(x[i], -1, 1) * 32767);
      bytes[2 * i] = (byte) s;
      bytes[2 * i + 1] = (byte) (s >> 8);
    }
    AudioFormat format = new AudioFormat(RATE, 16, 1, true, false);
    AudioSystem.write(
        new AudioInputStream(new ByteArrayInputStream(bytes), format, x.length),
        AudioFileFormat.Type.WAVE,
        file.toFile());
  }
}
