package io.renderowl.activities.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.renderowl.workflows.timeline.ClipDocument;
import io.renderowl.workflows.timeline.TimelineDocument;
import io.renderowl.workflows.timeline.TrackDocument;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mixes steady tones and measures their level where the timeline says they play. */
class AudioMixerTest {

  @TempDir static Path dir;

  @BeforeAll
  static void tones() throws Exception {
    tone(dir.resolve("music.wav"), 440, 0.5, 10);
    tone(dir.resolve("voice.wav"), 880, 0.5, 1);
  }

  @Test
  void volumeFadesAndDuckingShapeTheMusic() {
    TimelineDocument timeline =
        new TimelineDocument(
            "a",
            "audio",
            320,
            180,
            30,
            "#000000",
            "fade",
            8,
            List.of(
                new TrackDocument(
                    "m",
                    "music",
                    "audio",
                    0,
                    true,
                    List.of(
                        new ClipDocument(
                            "music",
                            "audio",
                            0,
                            8,
                            "music.wav",
                            Map.of(
                                "role",
                                "music",
                                "volume",
                                0.5,
                                "fadeInSeconds",
                                1.0,
                                "fadeOutSeconds",
                                2.0,
                                "duckUnderSpeech",
                                true)))),
                new TrackDocument(
                    "v",
                    "voice",
                    "audio",
                    1,
                    true,
                    List.of(
                        new ClipDocument(
                            "voice", "audio", 3, 1, "voice.wav", Map.of("volume", 0.0001))))));
    short[] mix = AudioMixer.mix(timeline, dir::resolve);
    assertThat(mix).hasSize(8 * 48_000);
    double full = 0.5 * 0.5 / Math.sqrt(2); // tone amplitude 0.5 at volume 0.5, as RMS
    assertThat(rms(mix, 0.45, 0.55))
        .as("half way through the fade-in")
        .isCloseTo(full / 2, within(0.02));
    assertThat(rms(mix, 1.5, 2.5)).as("full volume").isCloseTo(full, within(0.01));
    assertThat(rms(mix, 3.3, 3.7))
        .as("ducked under the voice")
        .isCloseTo(full * AudioMixer.DUCK_GAIN, within(0.01));
    assertThat(rms(mix, 4.5, 5.5)).as("back up after the voice").isCloseTo(full, within(0.01));
    assertThat(rms(mix, 6.95, 7.05))
        .as("half way through the fade-out")
        .isCloseTo(full / 2, within(0.02));
  }

  @Test
  void clipsStartWhereTheTimelineSaysAndStopAtTheirEnd() {
    TimelineDocument timeline =
        new TimelineDocument(
            "a",
            "audio",
            320,
            180,
            30,
            "#000000",
            "fade",
            4,
            List.of(
                new TrackDocument(
                    "v",
                    "voice",
                    "audio",
                    0,
                    true,
                    List.of(new ClipDocument("voice", "audio", 1.5, 0.5, "voice.wav", Map.of())))));
    short[] mix = AudioMixer.mix(timeline, dir::resolve);
    assertThat(rms(mix, 0, 1.5)).isZero();
    assertThat(rms(mix, 1.5, 2.0)).isCloseTo(0.5 / Math.sqrt(2), within(0.01));
    assertThat(rms(mix, 2.0, 4.0)).as("cut at the clip's end").isZero();
  }

  @Test
  void loopingRepeatsAShortSound() {
    TimelineDocument timeline =
        new TimelineDocument(
            "a",
            "audio",
            320,
            180,
            30,
            "#000000",
            "fade",
            3,
            List.of(
                new TrackDocument(
                    "v",
                    "voice",
                    "audio",
                    0,
                    true,
                    List.of(
                        new ClipDocument(
                            "voice", "audio", 0, 3, "voice.wav", Map.of("loop", true))))));
    short[] mix = AudioMixer.mix(timeline, dir::resolve);
    assertThat(rms(mix, 2.2, 2.8)).isCloseTo(0.5 / Math.sqrt(2), within(0.01));
  }

  private static double rms(short[] mix, double from, double to) {
    int a = (int) (from * 48_000);
    int b = (int) (to * 48_000);
    double sum = 0;
    for (int i = a; i < b; i++) {
      double v = mix[i] / 32768.0;
      sum += v * v;
    }
    return Math.sqrt(sum / (b - a));
  }

  private static void tone(Path file, double hz, double amplitude, double seconds)
      throws Exception {
    int rate = 48_000;
    int n = (int) (seconds * rate);
    byte[] bytes = new byte[2 * n];
    for (int i = 0; i < n; i++) {
      short s = (short) Math.round(Math.sin(2 * Math.PI * hz * i / rate) * amplitude * 32767);
      bytes[2 * i] = (byte) s;
      bytes[2 * i + 1] = (byte) (s >> 8);
    }
    AudioFormat format = new AudioFormat(rate, 16, 1, true, false);
    AudioSystem.write(
        new AudioInputStream(new ByteArrayInputStream(bytes), format, n),
        AudioFileFormat.Type.WAVE,
        file.toFile());
  }
}
