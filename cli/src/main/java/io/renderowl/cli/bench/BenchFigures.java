package io.renderowl.cli.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Medians and ratios as {@code owl bench render} prints them. */
final class BenchFigures {

  private BenchFigures() {}

  /**
   * The median of {@code values} (the mean of the middle two for an even count); NaN when empty.
   */
  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.removeIf(v -> v == null || v.isNaN());
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    Collections.sort(sorted);
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1
        ? sorted.get(middle)
        : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }

  /**
   * One ratio line: {@code "product / system ffmpeg: 1.07 (target <= 1.00)"}, or {@code "n/a"} when
   * either side is missing; no target when {@code target} is NaN.
   */
  static String ratio(String label, double numerator, double denominator, double target) {
    String value =
        Double.isNaN(numerator) || Double.isNaN(denominator) || denominator <= 0
            ? "n/a"
            : String.format(Locale.ROOT, "%.2f", numerator / denominator);
    String goal =
        Double.isNaN(target) || value.equals("n/a")
            ? ""
            : String.format(
                Locale.ROOT,
                " (target <= %.2f: %s)",
                target,
                numerator / denominator <= target ? "met" : "missed");
    return label + ": " + value + goal;
  }

  /** Seconds with two decimals, or "-" when missing. */
  static String seconds(double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.2f", value);
  }

  /** Every run's seconds, in run order: {@code "21.30 20.95 22.10"}. */
  static String runs(List<Double> values) {
    return String.join(" ", values.stream().map(BenchFigures::seconds).toList());
  }
}
