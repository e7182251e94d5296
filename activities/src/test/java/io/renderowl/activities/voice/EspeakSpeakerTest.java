package io.renderowl.activities.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EspeakSpeakerTest {

  private final EspeakSpeaker narrator = new EspeakSpeaker();

  @Test
  void speaksASentenceIntoAWavOfPlausibleLength(@TempDir Path dir) {
    Path wav = dir.resolve("scene-0.wav");
    EspeakSpeaker.Wav speech =
        narrator.synthesize("Honeybees talk to each other by dancing.", "en", wav);

    assertThat(speech.wav()).isEqualTo(wav).isRegularFile();
    assertThat(speech.durationSeconds()).isBetween(0.5, 10.0);
    assertThat(speech.sampleRate()).isEqualTo(22050);
  }

  @Test
  void speedScalesToTheSceneTimeWithinANaturalRange() {
    assertThat(EspeakSpeaker.speedFor(10.0, 10.2)).isEqualTo(150);
    assertThat(EspeakSpeaker.speedFor(10.0, 0)).isEqualTo(150);
    assertThat(EspeakSpeaker.speedFor(11.0, 10.0)).isEqualTo(165);
    assertThat(EspeakSpeaker.speedFor(9.0, 10.0)).isEqualTo(135);
    assertThat(EspeakSpeaker.speedFor(30.0, 10.0)).isEqualTo(190);
    assertThat(EspeakSpeaker.speedFor(2.0, 10.0)).isEqualTo(130);
  }

  @Test
  void aSceneIsSpokenFasterOrSlowerToFitItsTime(@TempDir Path dir) {
    String text = "Honeybees talk to each other by dancing in the dark of the hive.";
    double natural = narrator.speak("r", text, "en", dir).durationSeconds();

    double hurried = narrator.speak("r", text, "en", dir, natural * 0.85).durationSeconds();
    double slowed = narrator.speak("r", text, "en", dir, natural * 1.1).durationSeconds();

    assertThat(hurried)
        .isCloseTo(natural * 0.85, org.assertj.core.data.Percentage.withPercentage(6));
    assertThat(slowed).isCloseTo(natural * 1.1, org.assertj.core.data.Percentage.withPercentage(6));
  }

  @Test
  void unknownVoiceIsAnIllegalArgument(@TempDir Path dir) {
    assertThatThrownBy(
            () -> narrator.synthesize("Hello there.", "zz-nonexistent", dir.resolve("x.wav")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown espeak-ng voice 'zz-nonexistent'");
  }

  @Test
  void voiceThatCouldBeAnOptionOrPathIsRejectedBeforeRunning(@TempDir Path dir) {
    for (String voice : new String[] {"-w", "../../etc/passwd", "en us", ""}) {
      assertThatThrownBy(() -> narrator.synthesize("Hello there.", voice, dir.resolve("x.wav")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("unknown espeak-ng voice '" + voice + "'");
    }
    assertThat(dir.resolve("x.wav")).doesNotExist();
  }

  @Test
  void textIsPassedVerbatimNotThroughAShell(@TempDir Path dir) {
    Path marker = dir.resolve("marker");
    EspeakSpeaker.Wav speech =
        narrator.synthesize(
            "Quotes ' \" and $(touch " + marker + ") stay text.", "en", dir.resolve("q.wav"));
    assertThat(speech.durationSeconds()).isPositive();
    assertThat(marker).doesNotExist();
  }

  @Test
  void missingProgramSaysHowToInstallIt(@TempDir Path dir) {
    EspeakSpeaker missing = new EspeakSpeaker("espeak-ng-not-installed", Duration.ofSeconds(5));
    assertThatThrownBy(() -> missing.synthesize("Hello.", "en", dir.resolve("x.wav")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("apt-get install espeak-ng");
    assertThat(Files.exists(dir.resolve("x.wav"))).isFalse();
  }
}
