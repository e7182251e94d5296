package io.renderowl.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchFiguresTest {

  @Test
  void theMedianOfAnOddCountIsTheMiddleValueWhateverTheOrder() {
    assertThat(BenchFigures.median(List.of(30.0, 10.0, 20.0))).isEqualTo(20.0);
  }

  @Test
  void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    assertThat(BenchFigures.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
  }

  @Test
  void theMedianOfNoRunsIsNotANumber() {
    assertThat(BenchFigures.median(List.of())).isNaN();
  }

  @Test
  void aRatioSaysWhetherItsTargetIsMet() {
    assertThat(BenchFigures.ratio("product / system ffmpeg", 21.0, 20.0, 1.0))
        .isEqualTo("product / system ffmpeg: 1.05 (target <= 1.00: missed)");
    assertThat(BenchFigures.ratio("engine / system ffmpeg", 16.0, 20.0, 0.85))
        .isEqualTo("engine / system ffmpeg: 0.80 (target <= 0.85: met)");
  }

  @Test
  void aRatioWithAMissingSideIsNotAvailable() {
    assertThat(BenchFigures.ratio("product / system ffmpeg", 21.0, Double.NaN, 1.0))
        .isEqualTo("product / system ffmpeg: n/a");
    assertThat(BenchFigures.ratio("engine / bundled ffmpeg", 1.0, 2.0, Double.NaN))
        .isEqualTo("engine / bundled ffmpeg: 0.50");
  }

  @Test
  void runsArePrintedInRunOrderWithTwoDecimals() {
    assertThat(BenchFigures.runs(List.of(21.3, 20.949, Double.NaN))).isEqualTo("21.30 20.95 -");
  }
}
