package io.renderowl.activities.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 1, unit = TimeUnit.MINUTES)
class GeneratedMusicTest {

  @TempDir Path dir;

  @Test
  void aBedIsExactlyAsLongAsAskedInAWavFileJavaCanRead() throws Exception {
    Path wav = dir.resolve("bed.wav");
    GeneratedMusic.write("run-1", "calm", 7.3456, wav);

    var in = AudioSystem.getAudioInputStream(wav.toFile());
    AudioFormat format = in.getFormat();
    assertThat(format.getSampleRate()).isEqualTo(GeneratedMusic.SAMPLE_RATE);
    assertThat(format.getChannels()).isEqualTo(1);
    assertThat(format.getSampleSizeInBits()).isEqualTo(16);
    assertThat(in.getFrameLength()).isEqualTo(Math.round(7.3456 * GeneratedMusic.SAMPLE_RATE));
    assertThat(Files.size(wav)).isEqualTo(44 + 2 * Math.round(7.3456 * GeneratedMusic.SAMPLE_RATE));
  }

  @Test
  void theSameRunAndMoodGiveTheSameBedAndAnotherRunAnotherOne() throws Exception {
    GeneratedMusic.write("run-1", "upbeat", 10, dir.resolve("a.wav"));
    GeneratedMusic.write("run-1", "upbeat", 10, dir.resolve("b.wav"));
    GeneratedMusic.write("run-2", "upbeat", 10, dir.resolve("c.wav"));
    GeneratedMusic.write("run-1", "cinematic", 10, dir.resolve("d.wav"));

    byte[] a = Files.readAllBytes(dir.resolve("a.wav"));
    assertThat(Files.readAllBytes(dir.resolve("b.wav"))).isEqualTo(a);
    assertThat(Files.readAllBytes(dir.resolve("c.wav"))).isNotEqualTo(a);
    assertThat(Files.readAllBytes(dir.resolve("d.wav"))).isNotEqualTo(a);
  }

  @ParameterizedTest
  @ValueSource(strings = {"calm", "cinematic", "upbeat", "news", "inspiring", "jazzy"})
  void everyMoodSoundsThroughoutWithoutClipping(String mood) throws Exception {
    Path wav = dir.resolve(mood + ".wav");
    GeneratedMusic.write("run-" + mood, mood, 30, wav);

    short[] x = samples(wav);
    int rate = GeneratedMusic.SAMPLE_RATE;
    int peak = 0;
    for (short s : x) {
      peak = Math.max(peak, Math.abs(s));
    }
    assertThat(peak / 32767.0)
        .as("peak")
        .isLessThanOrEqualTo(GeneratedMusic.MAX_LEVEL)
        .isGreaterThan(0.1);
    for (int second = 2; second < 27; second++) {
      assertThat(rms(x, second * rate, (second + 1) * rate))
          .as("level in second " + second)
          .isGreaterThan(0.03);
    }
    assertThat(Math.abs(x[0])).as("fades in from silence").isLessThan(50);
    assertThat(Math.abs(x[x.length - 1])).as("fades out to silence").isLessThan(50);
  }

  @Test
  void aMinuteTakesLittleCpu() throws Exception {
    long start = System.nanoTime();
    GeneratedMusic.write("run-long", "inspiring", 60, dir.resolve("long.wav"));
    long millis = (System.nanoTime() - start) / 1_000_000;

    // generous: a loaded 2-core machine; about 0.3 s when idle
    assertThat(millis).isLessThan(10_000);
  }

  @Test
  void aBedNeedsALength() {
    assertThatThrownBy(() -> GeneratedMusic.write("r", "calm", 0, dir.resolve("x.wav")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static short[] samples(Path wav) throws Exception {
    byte[] bytes = Files.readAllBytes(wav);
    ByteBuffer data = ByteBuffer.wrap(bytes, 44, bytes.length - 44).order(ByteOrder.LITTLE_ENDIAN);
    short[] x = new short[(bytes.length - 44) / 2];
    data.asShortBuffer().get(x);
    return x;
  }

  private static double rms(short[] x, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      double v = x[i] / 32768.0;
      sum += v * v;
    }
    return Math.sqrt(sum / (to - from));
  }
}
