package io.renderowl.workflows;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where a pipeline run stands: the {@code pipeline_runs.status} column and the {@code status} the
 * API and the CLI show, both as {@link #label()}.
 */
public enum RunState {
  QUEUED,
  RUNNING,
  COMPLETED,
  FAILED;

  /** The value stored in the database and shown by the API and the CLI ("queued", ...). */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the run has ended, completed or failed. */
  public boolean finished() {
    return this == COMPLETED || this == FAILED;
  }

  /**
   * The state stored as {@code label}.
   *
   * @throws IllegalArgumentException naming the value when it is no run state
   */
  public static RunState from(String label) {
    for (RunState s : values()) {
      if (s.label().equals(label)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown run state '"
            + label
            + "' (expected one of "
            + Arrays.stream(values()).map(RunState::label).collect(Collectors.joining(", "))
            + ")");
  }
}
