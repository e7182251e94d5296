package io.renderowl.activities.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The limiter that interpolates only near the ceiling limits exactly as the one that always does.
 */
class PeakLimiterTest {

  @Test
  void interpolatingOnlyWherePeaksCouldPassTheCeilingGivesTheSameOutputSampleForSample() {
    double[] speech = LoudnessMeterTest.speechLike(new Random(15), 10);
    for (double gainDb : new double[] {0, 6, 12, 18}) {
      double gain = Math.pow(10, gainDb / 20);
      PeakLimiter skipping = new PeakLimiter(LoudnessMeterTest.RATE, -1.5);
      PeakLimiter every = new PeakLimiter(LoudnessMeterTest.RATE, -1.5, true);
      for (int i = 0; i < speech.length; i++) {
        double x = speech[i] * gain;
        assertThat(skipping.next(x))
            .as("gain %s dB, sample %d", gainDb, i)
            .isEqualTo(every.next(x));
      }
      assertThat(skipping.smallestGain()).isEqualTo(every.smallestGain());
      if (gainDb >= 12) {
        assertThat(skipping.smallestGain()).as("gain %s dB was limited", gainDb).isLessThan(1);
      }
    }
  }
}
