package io.renderowl.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RenderPhaseTest {

  @Test
  void everyValueReadsBackFromItsLabel() {
    for (RenderPhase s : RenderPhase.values()) {
      assertThat(RenderPhase.from(s.label())).isEqualTo(s);
    }
  }

  @Test
  void theLabelsAreTheStringsStoredAndShownToday() {
    assertThat(Arrays.stream(RenderPhase.values()).map(RenderPhase::label))
        .containsExactly("preparing", "rendering", "joining", "completed", "failed");
  }

  @Test
  void anUnknownValueIsRefusedByName() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RenderPhase.from("paused"))
        .withMessageContaining("unknown render phase 'paused'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RenderPhase.from("COMPLETED"))
        .withMessageContaining("'COMPLETED'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RenderPhase.from(null))
        .withMessageContaining("'null'");
  }
}
