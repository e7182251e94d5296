package io.renderowl.infra.batch;

import io.renderowl.workflows.RunState;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What became of one row of a bulk batch: the state of the run it started, or {@link #SKIPPED} when
 * it started none. Shown by the API and the CLI as {@link #label()}.
 */
public enum BatchRowState {
  QUEUED,
  RUNNING,
  COMPLETED,
  FAILED,
  SKIPPED;

  /** The value the API and the CLI show ("queued", ..., "skipped"). */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The row's state while its run is in {@code run}. */
  public static BatchRowState of(RunState run) {
    return switch (run) {
      case QUEUED -> QUEUED;
      case RUNNING -> RUNNING;
      case COMPLETED -> COMPLETED;
      case FAILED -> FAILED;
    };
  }

  /**
   * The state shown as {@code label}.
   *
   * @throws IllegalArgumentException naming the value when it is no row state
   */
  public static BatchRowState from(String label) {
    for (BatchRowState s : values()) {
      if (s.label().equals(label)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown batch row state '"
            + label
            + "' (expected one of "
            + Arrays.stream(values()).map(BatchRowState::label).collect(Collectors.joining(", "))
            + ")");
  }
}
