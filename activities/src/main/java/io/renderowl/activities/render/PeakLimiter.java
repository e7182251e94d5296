package io.renderowl.activities.render;

/**
 * A look-ahead limiter that keeps the true peak of one channel under a ceiling: the gain falls
 * ahead of each peak (true peak estimated by {@link TruePeakFilter}) along a linear ramp of {@value
 * #LOOK_AHEAD_SECONDS} s, so nothing is clipped, and comes back up with a {@value #RELEASE_SECONDS}
 * s time constant. Below the ceiling the sound passes unchanged, {@link #delay()} samples late.
 *
 * <p>The gain at each output sample is the mean, over the ramp, of the smallest gain wanted in a
 * window slightly wider than the ramp (covering the filter's lag): it is therefore never above the
 * gain any peak within reach wants, and it moves without steps.
 */
final class PeakLimiter {

  static final double LOOK_AHEAD_SECONDS = 0.005;
  static final double RELEASE_SECONDS = 0.08;

  private final double ceiling;
  private final boolean interpolateEverySample;
  private final int ramp;
  private final int window;
  private final int delay;
  private final double release;
  private final TruePeakFilter detector = new TruePeakFilter();

  /** The input, {@code delay} samples back. */
  private final double[] delayed;

  private int delayedAt;

  /** Monotonic deque of (index, wanted gain) over the last {@code window} samples. */
  private final long[] minIndex;

  private final double[] minValue;
  private int head;
  private int size;

  /** The last {@code ramp} window minima and their sum. */
  private final double[] minima;

  private int minimaAt;
  private double minimaSum;

  private long index;
  private double gain = 1;
  private double smallestGain = 1;

  /**
   * @param ceilingDbtp the true peak not to exceed
   */
  PeakLimiter(int sampleRate, double ceilingDbtp) {
    this(sampleRate, ceilingDbtp, false);
  }

  /**
   * @param interpolateEverySample true to run the 4x interpolation on every sample, as before the
   *     skipping (PeakLimiterTest compares both)
   */
  PeakLimiter(int sampleRate, double ceilingDbtp, boolean interpolateEverySample) {
    this.interpolateEverySample = interpolateEverySample;
    this.ceiling = Math.pow(10, ceilingDbtp / 20);
    this.ramp = Math.max(1, (int) Math.round(LOOK_AHEAD_SECONDS * sampleRate));
    this.window = ramp + TruePeakFilter.DELAY + 1;
    this.delay = ramp + TruePeakFilter.DELAY;
    this.release = 1 - Math.exp(-1 / (RELEASE_SECONDS * sampleRate));
    this.delayed = new double[delay];
    this.minIndex = new long[window + 1];
    this.minValue = new double[window + 1];
    this.minima = new double[ramp];
    java.util.Arrays.fill(minima, 1);
    this.minimaSum = ramp;
  }

  /** How many samples late the output comes: feed that many zeros after the end to flush. */
  int delay() {
    return delay;
  }

  /** The smallest gain applied so far (1 when nothing was limited). */
  double smallestGain() {
    return smallestGain;
  }

  /** Takes the next input sample and returns the output sample {@link #delay()} samples back. */
  double next(double x) {
    // the 4x interpolation only where a peak could pass the ceiling: below it the gain wanted is 1
    // whatever the exact peak (exact, see TruePeakFilter#nextAbove)
    double peak = interpolateEverySample ? detector.next(x) : detector.nextAbove(x, ceiling);
    double wanted = peak > ceiling ? ceiling / peak : 1;
    // sliding minimum over the window
    while (size > 0 && minValue[(head + size - 1) % minValue.length] >= wanted) {
      size--;
    }
    minIndex[(head + size) % minIndex.length] = index;
    minValue[(head + size) % minValue.length] = wanted;
    size++;
    if (minIndex[head] <= index - window) {
      head = (head + 1) % minIndex.length;
      size--;
    }
    double windowMin = minValue[head];
    // mean of the minima over the ramp
    minimaSum += windowMin - minima[minimaAt];
    minima[minimaAt] = windowMin;
    minimaAt = minimaAt + 1 == ramp ? 0 : minimaAt + 1;
    double target = Math.min(1, minimaSum / ramp);
    gain = target < gain ? target : gain + (target - gain) * release;
    smallestGain = Math.min(smallestGain, gain);
    double out = delayed[delayedAt];
    delayed[delayedAt] = x;
    delayedAt = delayedAt + 1 == delay ? 0 : delayedAt + 1;
    index++;
    return out * gain;
  }
}
