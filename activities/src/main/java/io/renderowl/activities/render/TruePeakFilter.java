package io.renderowl.activities.render;

/**
 * The ITU-R BS.1770-4 (Annex 2) true-peak estimator of one channel: 4x oversampling with the
 * recommendation's 48-tap interpolation filter (4 phases of 12 taps). The interpolated values lag
 * the input by about 6 samples.
 */
final class TruePeakFilter {

  /** Samples the interpolated values lag behind the input, at most. */
  static final int DELAY = 6;

  private static final double[][] PHASES = {
    {
      0.0017089843750,
      0.0109863281250,
      -0.0196533203125,
      0.0332031250000,
      -0.0594482421875,
      0.1373291015625,
      0.9721679687500,
      -0.1022949218750,
      0.0476074218750,
      -0.0266113281250,
      0.0148925781250,
      -0.0083007812500
    },
    {
      -0.0291748046875,
      0.0292968750000,
      -0.0517578125000,
      0.0891113281250,
      -0.1665039062500,
      0.4650878906250,
      0.7797851562500,
      -0.2003173828125,
      0.1015625000000,
      -0.0582275390625,
      0.0330810546875,
      -0.0189208984375
    },
    {
      -0.0189208984375,
      0.0330810546875,
      -0.0582275390625,
      0.1015625000000,
      -0.2003173828125,
      0.7797851562500,
      0.4650878906250,
      -0.1665039062500,
      0.0891113281250,
      -0.0517578125000,
      0.0292968750000,
      -0.0291748046875
    },
    {
      -0.0083007812500,
      0.0148925781250,
      -0.0266113281250,
      0.0476074218750,
      -0.1022949218750,
      0.9721679687500,
      0.1373291015625,
      -0.0594482421875,
      0.0332031250000,
      -0.0196533203125,
      0.0109863281250,
      0.0017089843750
    }
  };
  private static final int TAPS = 12;

  /** The last {@value #TAPS} samples, twice over, so that a window is always contiguous. */
  private final double[] history = new double[2 * TAPS];

  private int at;

  /** The most any interpolated value can be, as a multiple of the largest sample in its window. */
  static final double BOUND = bound();

  private static double bound() {
    double most = 0;
    for (double[] phase : PHASES) {
      double sum = 0;
      for (double c : phase) {
        sum += Math.abs(c);
      }
      most = Math.max(most, sum);
    }
    return most;
  }

  /** Samples still to come whose window holds a sample that could beat the floor. */
  private int loudLeft;

  /**
   * {@link #next} when its result can exceed {@code floor}, else 0 (the interpolation skipped): an
   * interpolated value is at most {@link #BOUND} times the largest sample of its {@value #TAPS}
   * sample window, so a window of samples each at most {@code floor / BOUND} when it came cannot
   * beat a floor that never falls. Exact for a caller whose floor is the largest result so far.
   */
  double nextAbove(double x, double floor) {
    if (Math.abs(x) * BOUND > floor) {
      loudLeft = TAPS;
    }
    if (loudLeft > 0) {
      loudLeft--;
      return next(x);
    }
    history[at] = x;
    history[at + TAPS] = x;
    at = at + 1 == TAPS ? 0 : at + 1;
    return 0;
  }

  /**
   * Takes the next sample and returns the largest magnitude of it and of the 4 interpolated values
   * it completes.
   */
  double next(double x) {
    history[at] = x;
    history[at + TAPS] = x;
    at = at + 1 == TAPS ? 0 : at + 1;
    // history[at .. at + TAPS) is now oldest .. newest
    double peak = Math.abs(x);
    for (double[] phase : PHASES) {
      double sum = 0;
      for (int t = 0; t < TAPS; t++) {
        sum += phase[t] * history[at + TAPS - 1 - t];
      }
      peak = Math.max(peak, Math.abs(sum));
    }
    return peak;
  }
}
