package io.renderowl.batch.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ItemOutcomeTest {

  @Test
  void everyValueReadsBackFromItsLabel() {
    for (ItemOutcome s : ItemOutcome.values()) {
      assertThat(ItemOutcome.from(s.label())).isEqualTo(s);
    }
  }

  @Test
  void theLabelsAreTheStringsStoredAndShownToday() {
    assertThat(Arrays.stream(ItemOutcome.values()).map(ItemOutcome::label))
        .containsExactly("started", "skipped");
  }

  @Test
  void anUnknownValueIsRefusedByName() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ItemOutcome.from("rendered"))
        .withMessageContaining("unknown batch item outcome 'rendered'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ItemOutcome.from("STARTED"))
        .withMessageContaining("'STARTED'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ItemOutcome.from(null))
        .withMessageContaining("'null'");
  }
}
