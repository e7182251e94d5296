package io.renderowl.activities.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Which MP4 files {@link Mp4Files} takes as whole: real AAC tracks, cut at each box. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class Mp4FilesTest {
  @TempDir static Path dir;
  private static Path whole;
  private static byte[] bytes;

  @BeforeAll
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  static void encode() throws Exception {
    whole = dir.resolve("whole.m4a");
    try (AudioTrackEncoder encoder = AudioTrackEncoder.open(whole)) {
      short[] samples = new short[AudioMixer.SAMPLE_RATE];
      for (int i = 0; i < samples.length; i++) {
        samples[i] = (short) (8000 * Math.sin(i * 2 * Math.PI * 440 / AudioMixer.SAMPLE_RATE));
      }
      encoder.write(samples, samples.length);
      encoder.finish();
    }
    bytes = Files.readAllBytes(whole);
  }

  @Test
  void aFileFfmpegFinishedIsWhole() {
    assertThat(Mp4Files.incompleteness(whole)).isEmpty();
  }

  @Test
  void everyCutShortOfTheEndIsIncomplete() throws Exception {
    int moov = indexOf("moov") - 4;
    int mdat = indexOf("mdat") - 4;
    for (int length :
        new int[] {0, 3, 12, mdat + 4, mdat + 100, moov, moov + 8, bytes.length - 1}) {
      Path cut = dir.resolve("cut-" + length + ".m4a");
      Files.write(cut, Arrays.copyOf(bytes, length));
      assertThat(Mp4Files.incompleteness(cut))
          .as("cut at %d of %d", length, bytes.length)
          .isPresent();
    }
    Path noIndex = dir.resolve("no-index.m4a");
    Files.write(noIndex, Arrays.copyOf(bytes, moov));
    assertThat(Mp4Files.incompleteness(noIndex))
        .hasValueSatisfying(reason -> assertThat(reason).contains("no index (moov box)"));
    assertThatThrownBy(() -> Mp4Files.requireWhole(noIndex, "the segment of frames [540, 600)"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("the segment of frames [540, 600) (" + noIndex + ") is incomplete")
        .hasMessageContaining("free");
  }

  @Test
  void aBoxClaimingMoreThanTheFileHoldsIsNamed() throws Exception {
    int mdat = indexOf("mdat") - 4;
    Path cut = dir.resolve("cut-mdat.m4a");
    Files.write(cut, Arrays.copyOf(bytes, mdat + 100));
    assertThat(Mp4Files.incompleteness(cut))
        .hasValueSatisfying(
            reason -> assertThat(reason).startsWith("the mdat box at byte " + mdat + " claims "));
  }

  private static int indexOf(String type) {
    String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    int at = text.indexOf(type);
    assertThat(at).as(type).isPositive();
    return at;
  }
}
