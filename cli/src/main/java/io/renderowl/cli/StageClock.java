package io.renderowl.cli;

import io.renderowl.infra.pipeline.RunStatus;
import io.renderowl.workflows.Stage;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Where a followed run spent its time, as seen from the status polls: the stack start (command
 * start to the run's first status), then each stage from the first poll that showed it to the first
 * poll that showed a later one. Resolution: the poll interval (500 ms).
 */
final class StageClock {

  private final LongSupplier nanos;
  private final long commandStarted;
  private long followStarted = -1;
  private Stage current;
  private long currentSince;
  private final Map<Stage, Long> spent = new LinkedHashMap<>();

  StageClock(long commandStartedNanos) {
    this(commandStartedNanos, System::nanoTime);
  }

  StageClock(long commandStartedNanos, LongSupplier nanos) {
    this.commandStarted = commandStartedNanos;
    this.nanos = nanos;
  }

  /** Hears one status poll. */
  void saw(RunStatus status) {
    saw(status.stage());
  }

  void saw(Stage stage) {
    long now = nanos.getAsLong();
    if (followStarted < 0) {
      followStarted = now;
    }
    if (stage == current) {
      return;
    }
    close(now);
    current = stage;
    currentSince = now;
  }

  /** Seconds spent in {@code stage} (0 when never seen). */
  double seconds(Stage stage) {
    return spent.getOrDefault(stage, 0L) / 1e9;
  }

  /**
   * One line: {@code stack 6.1 s, queued 0.5 s, script 0.5 s, ..., render 19.0 s, publish 0.0 s}.
   */
  String summary() {
    close(nanos.getAsLong());
    StringBuilder line = new StringBuilder();
    line.append(
        String.format(
            Locale.ROOT,
            "stack %.1f s",
            ((followStarted < 0 ? nanos.getAsLong() : followStarted) - commandStarted) / 1e9));
    spent.forEach((stage, ns) -> {
      if (stage != Stage.COMPLETED && stage != Stage.FAILED) {
        line.append(String.format(Locale.ROOT, ", %s %.1f s", stage.label(), ns / 1e9));
      }
    });
    return line.toString();
  }

  private void close(long now) {
    if (current != null) {
      spent.merge(current, now - currentSince, Long::sum);
      currentSince = now;
    }
  }
}
