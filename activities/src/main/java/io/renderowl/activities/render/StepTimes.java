package io.renderowl.activities.render;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Milliseconds spent in each step of one activity, logged as one line to {@code
 * io.renderowl.timings} (owl writes that logger to its log file only): where the product path
 * spends its time beside the engine's.
 */
final class StepTimes {
  private static final Logger LOG = LoggerFactory.getLogger("io.renderowl.timings");
  private final String what;
  private final Map<String, Long> steps = new LinkedHashMap<>();
  private final long start = System.nanoTime();
  private long last = start;
  private final StringBuilder notes = new StringBuilder();

  StepTimes(String what) {
    this.what = what;
  }

  /** Ends the current step as {@code step}. */
  void step(String step) {
    long now = System.nanoTime();
    steps.merge(step, (now - last) / 1_000_000, Long::sum);
    last = now;
  }

  /**
   * Adds {@code key=value} to the line: a count, or a time measured apart from the steps (on
   * another thread, such as the poster's).
   */
  synchronized void note(String key, Object value) {
    notes.append(' ').append(key).append('=').append(value);
  }

  /** Logs every step and the total. */
  synchronized void log() {
    StringBuilder line = new StringBuilder(what).append(':');
    steps.forEach((k, v) -> line.append(' ').append(k).append('=').append(v).append("ms"));
    line.append(" total=").append((System.nanoTime() - start) / 1_000_000).append("ms");
    line.append(notes);
    LOG.info(line.toString());
  }
}
