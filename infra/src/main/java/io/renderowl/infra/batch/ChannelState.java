package io.renderowl.infra.batch;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Whether a channel fires on its schedule. Stored as {@code scheduled_jobs.is_active} (see {@link
 * #of(boolean)}); the CLI shows it as {@link #label()}.
 */
public enum ChannelState {
  ACTIVE,
  PAUSED;

  /** The value the CLI shows ("active" or "paused"). */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The state of a channel whose {@code is_active} column is {@code active}. */
  public static ChannelState of(boolean active) {
    return active ? ACTIVE : PAUSED;
  }

  /**
   * The state shown as {@code label}.
   *
   * @throws IllegalArgumentException naming the value when it is no channel state
   */
  public static ChannelState from(String label) {
    for (ChannelState s : values()) {
      if (s.label().equals(label)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown channel state '"
            + label
            + "' (expected one of "
            + Arrays.stream(values()).map(ChannelState::label).collect(Collectors.joining(", "))
            + ")");
  }
}
