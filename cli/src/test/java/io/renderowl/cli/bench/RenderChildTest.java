package io.renderowl.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RenderChildTest {

  @Test
  void theEngineAloneEncodesWithFrameThreadsUnlessSlicedThreadsAreAsked() {
    assertThat(RenderChild.slicedThreads(null)).isFalse();
    assertThat(RenderChild.slicedThreads(" ")).isFalse();
    assertThat(RenderChild.slicedThreads("auto")).as("not a render-only worker").isFalse();
    assertThat(RenderChild.slicedThreads("frame")).isFalse();
    assertThat(RenderChild.slicedThreads(" Sliced ")).isTrue();
    assertThatThrownBy(() -> RenderChild.slicedThreads("slices "))
        .hasMessage("RENDEROWL_X264_THREADING must be one of auto, frame, sliced (got 'slices')");
  }
}
