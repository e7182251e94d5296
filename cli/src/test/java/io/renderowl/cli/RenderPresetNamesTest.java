package io.renderowl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renderowl.workflows.timeline.TimelineDocument;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code owl render --preset}: the named presets keep the aspect ratio; the fixed sizes stay. */
class RenderPresetNamesTest {

  private static final TimelineDocument VERTICAL =
      new TimelineDocument("t", "v", 1080, 1920, 30, "#000000", "none", 2.0, List.of());

  @Test
  void namedPresetsScaleTheTimelineAndKeepItsFrames() {
    TimelineDocument hd = RenderRunner.withPreset(VERTICAL, "hd");
    assertThat(hd.width()).isEqualTo(720);
    assertThat(hd.height()).isEqualTo(1280);
    assertThat(hd.frameCount()).isEqualTo(VERTICAL.frameCount());
    assertThat(RenderRunner.withPreset(VERTICAL, "480p").width()).isEqualTo(480);
    assertThat(RenderRunner.withPreset(VERTICAL, "original").height()).isEqualTo(1920);
  }

  @Test
  void theFixedSizesStillWork() {
    TimelineDocument landscape = RenderRunner.withPreset(VERTICAL, "1280x720");
    assertThat(landscape.width()).isEqualTo(1280);
    assertThat(landscape.height()).isEqualTo(720);
  }

  @Test
  void anUnknownPresetNamesTheValidOnes() {
    assertThatThrownBy(() -> RenderRunner.withPreset(VERTICAL, "4k"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sd (480p)")
        .hasMessageContaining("1280x720")
        .hasMessageContaining("'4k'");
  }
}
