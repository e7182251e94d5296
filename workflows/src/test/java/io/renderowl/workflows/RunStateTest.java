package io.renderowl.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RunStateTest {

  @Test
  void everyValueReadsBackFromItsLabel() {
    for (RunState s : RunState.values()) {
      assertThat(RunState.from(s.label())).isEqualTo(s);
    }
  }

  @Test
  void theLabelsAreTheStringsStoredAndShownToday() {
    assertThat(Arrays.stream(RunState.values()).map(RunState::label))
        .containsExactly("queued", "running", "completed", "failed");
  }

  @Test
  void anUnknownValueIsRefusedByName() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RunState.from("paused"))
        .withMessageContaining("unknown run state 'paused'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RunState.from("COMPLETED"))
        .withMessageContaining("'COMPLETED'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RunState.from(null))
        .withMessageContaining("'null'");
  }

  @Test
  void onlyCompletedAndFailedRunsHaveFinished() {
    assertThat(Arrays.stream(RunState.values()).filter(RunState::finished))
        .containsExactly(RunState.COMPLETED, RunState.FAILED);
  }
}
