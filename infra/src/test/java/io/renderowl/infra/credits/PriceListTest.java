package io.renderowl.infra.credits;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderowl.infra.config.CreditSettings;
import io.renderowl.workflows.Aspect;
import io.renderowl.workflows.CostItem;
import io.renderowl.workflows.PipelineRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class PriceListTest {

  private static final PriceList PRICES =
      new PriceList(new CreditSettings.Prices(2, 0.5, 1, 0.25, 0.1, 3));

  @Test
  void renderingIsChargedPerStartedThirtySecondsAtThePresetsPrice() {
    assertThat(PRICES.creditsFor(CostItem.RENDER, 30, false)).isEqualTo(2);
    assertThat(PRICES.creditsFor(CostItem.RENDER, 30.5, false)).isEqualTo(4);
    assertThat(PRICES.creditsFor(CostItem.RENDER, 1, true)).isEqualTo(1); // 0.5 rounded up
    assertThat(PRICES.creditsFor(CostItem.RENDER, 90, true)).isEqualTo(2); // 3 x 0.5 = 1.5
    assertThat(PRICES.creditsFor(CostItem.RENDER, 0, false)).isZero();
  }

  @Test
  void otherItemsAreChargedPerUnitRoundedUpToWholeCredits() {
    assertThat(PRICES.creditsFor(CostItem.AI_CALL, 2, false)).isEqualTo(2);
    assertThat(PRICES.creditsFor(CostItem.IMAGE, 5, false)).isEqualTo(2); // 1.25
    assertThat(PRICES.creditsFor(CostItem.SPEECH_SECOND, 20, false)).isEqualTo(2);
    assertThat(PRICES.creditsFor(CostItem.SPEECH_SECOND, 20.04, false)).isEqualTo(3);
    assertThat(PRICES.creditsFor(CostItem.PUBLISH, 2, false)).isEqualTo(6);
  }

  @Test
  void theEstimateCoversTheLongestVideoTheRunCanMake() {
    PipelineRequest request =
        new PipelineRequest(
            "u", "t", Aspect.LANDSCAPE, 60, "en", List.of("local-folder", "youtube"), "");
    // 75 s at most: 2 AI calls, 15 pictures (3.75), 7.5 for speech, 3 blocks x 2, 2 publishes x 3
    assertThat(PRICES.estimate(request)).isEqualTo(2 + 4 + 8 + 6 + 6);
    assertThat(PRICES.estimate(request))
        .isGreaterThanOrEqualTo(
            PRICES.creditsFor(CostItem.AI_CALL, 2, false)
                + PRICES.creditsFor(CostItem.IMAGE, 12, false)
                + PRICES.creditsFor(CostItem.SPEECH_SECOND, 69, false)
                + PRICES.creditsFor(CostItem.RENDER, 69, false)
                + PRICES.creditsFor(CostItem.PUBLISH, 2, false));
  }

  @Test
  void theDefaultsChargeOnlyTheVideoOneCreditPerStartedThirtySeconds() {
    PriceList defaults = PriceList.defaults();
    PipelineRequest demo =
        new PipelineRequest("u", "t", Aspect.LANDSCAPE, 30, "en", List.of("local-folder"), "");

    assertThat(defaults.creditsFor(CostItem.RENDER, 31.2, false)).isEqualTo(2);
    assertThat(defaults.creditsFor(CostItem.AI_CALL, 2, false)).isZero();
    assertThat(defaults.estimate(demo)).isEqualTo(2);
  }
}
