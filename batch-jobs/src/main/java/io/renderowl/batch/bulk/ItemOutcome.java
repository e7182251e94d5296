package io.renderowl.batch.bulk;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a row of a batch became: the {@code batch_items.outcome} column, as {@link #label()}. */
enum ItemOutcome {
  /** A run was started for it. */
  STARTED,
  /** It was not valid; no run was started. */
  SKIPPED;

  /** The value stored in the database ("started" or "skipped"). */
  String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The outcome stored as {@code label}.
   *
   * @throws IllegalArgumentException naming the value when it is no outcome
   */
  static ItemOutcome from(String label) {
    for (ItemOutcome o : values()) {
      if (o.label().equals(label)) {
        return o;
      }
    }
    throw new IllegalArgumentException(
        "unknown batch item outcome '"
            + label
            + "' (expected one of "
            + Arrays.stream(values()).map(ItemOutcome::label).collect(Collectors.joining(", "))
            + ")");
  }
}
