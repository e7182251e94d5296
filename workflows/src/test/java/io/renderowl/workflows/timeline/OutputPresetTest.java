package io.renderowl.workflows.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OutputPresetTest {

  private static int[] size(String preset, int width, int height) {
    return OutputPreset.find(preset).orElseThrow().sizeFor(width, height);
  }

  @Test
  void namedPresetsKeepTheAspectRatioAtTheirShortSide() {
    assertThat(size("sd", 1920, 1080)).containsExactly(854, 480);
    assertThat(size("480p", 1080, 1920)).containsExactly(480, 854);
    assertThat(size("hd", 1080, 1920)).containsExactly(720, 1280);
    assertThat(size("720P", 1080, 1080)).containsExactly(720, 720);
    assertThat(size("fhd", 1280, 720)).containsExactly(1920, 1080);
    assertThat(size(" 1080p ", 640, 360)).containsExactly(1920, 1080);
    assertThat(size("original", 1234, 568)).containsExactly(1234, 568);
    assertThat(size("source", 640, 360)).containsExactly(640, 360);
  }

  @Test
  void previewIsNeverLargerThanTheTimeline() {
    assertThat(size("preview", 1920, 1080)).containsExactly(640, 360);
    assertThat(size("preview", 320, 240)).containsExactly(320, 240);
    assertThat(OutputPreset.find("preview").orElseThrow().preview()).isTrue();
    assertThat(OutputPreset.find("fhd").orElseThrow().preview()).isFalse();
  }

  @Test
  void aSizeAboveTheValidatorsLimitIsRefusedNamingIt() {
    assertThatThrownBy(() -> size("fhd", 4000, 800))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'fhd'")
        .hasMessageContaining("5400x1080")
        .hasMessageContaining("4096");
  }

  @Test
  void unknownPresetsAreAProblemNamingTheValidOnes() {
    assertThat(OutputPreset.find("4k")).isEmpty();
    assertThat(OutputPreset.find(null)).isEmpty();
    assertThat(OutputPreset.problem("4k"))
        .get()
        .asString()
        .contains("preview, sd (480p), hd (720p), fhd (1080p), original (source)", "'4k'");
    assertThat(OutputPreset.problem(null)).isEmpty();
    assertThat(OutputPreset.problem(" ")).isEmpty();
    assertThat(OutputPreset.problem("HD")).isEmpty();
    assertThat(OutputPreset.problem("1080x1920")).isEmpty();
  }
}
