package io.renderowl.activities.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The skipping true-peak path finds exactly the peak of the full interpolation. */
class TruePeakFilterTest {

  @Test
  void skippingQuietWindowsFindsTheSamePeakAsInterpolatingEverySample() {
    Random random = new Random(15);
    for (int signal = 0; signal < 20; signal++) {
      TruePeakFilter full = new TruePeakFilter();
      TruePeakFilter skipping = new TruePeakFilter();
      double fullPeak = 0;
      double skippingPeak = 0;
      int interpolated = 0;
      for (int i = 0; i < 48_000; i++) {
        // speech-like: quiet noise with rare loud bursts and a tone near Nyquist (intersample
        // peaks)
        double x = 0.02 * random.nextGaussian();
        if (i % 4_800 < 200) {
          x += (0.3 + 0.05 * signal) * Math.sin(i * Math.PI * 0.49 + signal);
        }
        fullPeak = Math.max(fullPeak, full.next(x));
        double before = skippingPeak;
        skippingPeak = Math.max(skippingPeak, skipping.nextAbove(x, skippingPeak));
        if (skippingPeak != before) {
          interpolated++;
        }
      }
      assertThat(skippingPeak).as("signal %d", signal).isEqualTo(fullPeak);
      assertThat(interpolated).isPositive();
    }
  }

  @Test
  void theBoundCoversEveryPhase() {
    // the 4 phases of BS.1770's 48-tap interpolator: each sums to about 1 with negative side lobes
    assertThat(TruePeakFilter.BOUND).isGreaterThan(1).isLessThan(2.5);
  }
}
