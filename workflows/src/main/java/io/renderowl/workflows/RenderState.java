package io.renderowl.workflows;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where a render, or one chunk of it, stands: the {@code renders.status} and {@code
 * render_chunks.status} columns, as {@link #label()}. A chunk is never {@link #QUEUED}: its row is
 * written when its render starts.
 */
public enum RenderState {
  QUEUED,
  RENDERING,
  COMPLETED,
  FAILED,
  /** Stopped on request before it completed (renders only). */
  CANCELLED;

  /** Whether the render (or chunk) has ended: completed, failed or cancelled. */
  public boolean finished() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }

  /** The value stored in the database ("queued", "rendering", ...). */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The state stored as {@code label}.
   *
   * @throws IllegalArgumentException naming the value when it is no render state
   */
  public static RenderState from(String label) {
    for (RenderState s : values()) {
      if (s.label().equals(label)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown render state '"
            + label
            + "' (expected one of "
            + Arrays.stream(values()).map(RenderState::label).collect(Collectors.joining(", "))
            + ")");
  }
}
