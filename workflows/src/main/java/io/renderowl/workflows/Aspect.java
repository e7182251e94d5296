package io.renderowl.workflows;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Output aspect ratios the pipeline offers, with their default resolution. */
public enum Aspect {
  VERTICAL("9:16", 1080, 1920),
  LANDSCAPE("16:9", 1920, 1080),
  SQUARE("1:1", 1080, 1080);

  private final String label;
  private final int width;
  private final int height;

  Aspect(String label, int width, int height) {
    this.label = label;
    this.width = width;
    this.height = height;
  }

  public String label() {
    return label;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** "1080x1920", as the {@code timelines.resolution} column stores it. */
  public String resolution() {
    return width + "x" + height;
  }

  /**
   * Parses "9:16", "16:9" or "1:1" (or the enum name).
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static Aspect parse(String value) {
    for (Aspect a : values()) {
      if (a.label.equals(value) || a.name().equalsIgnoreCase(value)) {
        return a;
      }
    }
    throw new IllegalArgumentException(
        "aspect must be one of "
            + Arrays.stream(values()).map(Aspect::label).collect(Collectors.joining(", "))
            + " (got '"
            + value
            + "')");
  }
}
