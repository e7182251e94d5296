package io.renderowl.infra.batch;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where a bulk batch stands: the {@code batches.status} column and the {@code status} the API and
 * the CLI show, both as {@link #label()}. Not Spring Batch's {@code BatchStatus}, which is the
 * state of the job that reads the batch's file ({@link BatchProgress#jobStatus()}).
 */
public enum BulkBatchState {
  /** Submitted; its job has not started. */
  PENDING,
  /** Its job is reading the file, or runs it started have not ended. */
  RUNNING,
  /** Every row was read and every started run ended. */
  COMPLETED,
  /** Its job failed and was not resumed. */
  FAILED;

  /** The value stored in the database and shown by the API and the CLI ("pending", ...). */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether nothing more will change (completed or failed). */
  public boolean finished() {
    return this == COMPLETED || this == FAILED;
  }

  /**
   * The state stored as {@code label}.
   *
   * @throws IllegalArgumentException naming the value when it is no batch state
   */
  public static BulkBatchState from(String label) {
    for (BulkBatchState s : values()) {
      if (s.label().equals(label)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown batch state '"
            + label
            + "' (expected one of "
            + Arrays.stream(values()).map(BulkBatchState::label).collect(Collectors.joining(", "))
            + ")");
  }
}
