package io.renderowl.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RenderStateTest {

  @Test
  void everyValueReadsBackFromItsLabel() {
    for (RenderState s : RenderState.values()) {
      assertThat(RenderState.from(s.label())).isEqualTo(s);
    }
  }

  @Test
  void theLabelsAreTheStringsStoredAndShownToday() {
    assertThat(Arrays.stream(RenderState.values()).map(RenderState::label))
        .containsExactly("queued", "rendering", "completed", "failed", "cancelled");
  }

  @Test
  void anUnknownValueIsRefusedByName() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RenderState.from("paused"))
        .withMessageContaining("unknown render state 'paused'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RenderState.from("COMPLETED"))
        .withMessageContaining("'COMPLETED'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RenderState.from(null))
        .withMessageContaining("'null'");
  }
}
