package io.renderowl.infra.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.renderowl.workflows.RunState;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BatchRowStateTest {

  @Test
  void everyValueReadsBackFromItsLabel() {
    for (BatchRowState s : BatchRowState.values()) {
      assertThat(BatchRowState.from(s.label())).isEqualTo(s);
    }
  }

  @Test
  void theLabelsAreTheStringsStoredAndShownToday() {
    assertThat(Arrays.stream(BatchRowState.values()).map(BatchRowState::label))
        .containsExactly("queued", "running", "completed", "failed", "skipped");
  }

  @Test
  void anUnknownValueIsRefusedByName() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> BatchRowState.from("rendered"))
        .withMessageContaining("unknown batch row state 'rendered'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> BatchRowState.from("SKIPPED"))
        .withMessageContaining("'SKIPPED'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> BatchRowState.from(null))
        .withMessageContaining("'null'");
  }

  @Test
  void aRowStartedARunIsInItsRunsState() {
    for (RunState run : RunState.values()) {
      assertThat(BatchRowState.of(run).label()).isEqualTo(run.label());
    }
  }
}
