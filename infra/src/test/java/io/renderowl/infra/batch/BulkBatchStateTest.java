package io.renderowl.infra.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BulkBatchStateTest {

  @Test
  void everyValueReadsBackFromItsLabel() {
    for (BulkBatchState s : BulkBatchState.values()) {
      assertThat(BulkBatchState.from(s.label())).isEqualTo(s);
    }
  }

  @Test
  void theLabelsAreTheStringsStoredAndShownToday() {
    assertThat(Arrays.stream(BulkBatchState.values()).map(BulkBatchState::label))
        .containsExactly("pending", "running", "completed", "failed");
  }

  @Test
  void anUnknownValueIsRefusedByName() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> BulkBatchState.from("rendered"))
        .withMessageContaining("unknown batch state 'rendered'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> BulkBatchState.from("PENDING"))
        .withMessageContaining("'PENDING'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> BulkBatchState.from(null))
        .withMessageContaining("'null'");
  }

  @Test
  void onlyCompletedAndFailedBatchesHaveFinished() {
    assertThat(Arrays.stream(BulkBatchState.values()).filter(BulkBatchState::finished))
        .containsExactly(BulkBatchState.COMPLETED, BulkBatchState.FAILED);
  }
}
