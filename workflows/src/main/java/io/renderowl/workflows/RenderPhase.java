package io.renderowl.workflows;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where a render workflow is, as its status query answers ({@link RenderStatus#phase()}). */
public enum RenderPhase {
  PREPARING,
  RENDERING,
  JOINING,
  COMPLETED,
  FAILED;

  /** The phase in lower case ("preparing", "rendering", ...), as shown to people. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The phase shown as {@code label}.
   *
   * @throws IllegalArgumentException naming the value when it is no render phase
   */
  public static RenderPhase from(String label) {
    for (RenderPhase p : values()) {
      if (p.label().equals(label)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "unknown render phase '"
            + label
            + "' (expected one of "
            + Arrays.stream(values()).map(RenderPhase::label).collect(Collectors.joining(", "))
            + ")");
  }
}
