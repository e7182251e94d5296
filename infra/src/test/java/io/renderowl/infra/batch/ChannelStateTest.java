package io.renderowl.infra.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ChannelStateTest {

  @Test
  void everyValueReadsBackFromItsLabel() {
    for (ChannelState s : ChannelState.values()) {
      assertThat(ChannelState.from(s.label())).isEqualTo(s);
    }
  }

  @Test
  void theLabelsAreTheStringsStoredAndShownToday() {
    assertThat(Arrays.stream(ChannelState.values()).map(ChannelState::label))
        .containsExactly("active", "paused");
  }

  @Test
  void anUnknownValueIsRefusedByName() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ChannelState.from("rendered"))
        .withMessageContaining("unknown channel state 'rendered'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ChannelState.from("ACTIVE"))
        .withMessageContaining("'ACTIVE'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ChannelState.from(null))
        .withMessageContaining("'null'");
  }

  @Test
  void anActiveChannelIsActiveAndAnyOtherPaused() {
    assertThat(ChannelState.of(true)).isEqualTo(ChannelState.ACTIVE);
    assertThat(ChannelState.of(false)).isEqualTo(ChannelState.PAUSED);
  }
}
