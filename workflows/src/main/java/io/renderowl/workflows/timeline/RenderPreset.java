package io.renderowl.workflows.timeline;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Output sizes a render can be asked for. {@link #PREVIEW} keeps the timeline's aspect ratio at a
 * {@value #PREVIEW_SHORT_SIDE}-pixel short side and is encoded with a fast preset.
 */
public enum RenderPreset {
  VERTICAL_1080("1080x1920", 1080, 1920),
  LANDSCAPE_1080("1920x1080", 1920, 1080),
  SQUARE_1080("1080x1080", 1080, 1080),
  LANDSCAPE_720("1280x720", 1280, 720),
  PREVIEW("preview", 0, 0);

  /** Short side of a preview render in pixels. */
  public static final int PREVIEW_SHORT_SIDE = 360;

  private final String label;
  private final int width;
  private final int height;

  RenderPreset(String label, int width, int height) {
    this.label = label;
    this.width = width;
    this.height = height;
  }

  /** "1080x1920", ..., or "preview". */
  public String label() {
    return label;
  }

  /**
   * The frame size this preset gives a timeline of {@code width x height}: the preset's own size,
   * or for {@link #PREVIEW} the same aspect scaled to a {@value #PREVIEW_SHORT_SIDE}-pixel short
   * side (even sides, never larger than the original).
   *
   * @return {width, height}
   */
  public int[] sizeFor(int width, int height) {
    if (this != PREVIEW) {
      return new int[] {this.width, this.height};
    }
    return previewSize(width, height);
  }

  /** A {@value #PREVIEW_SHORT_SIDE}-pixel short side version of {@code width x height}, even. */
  public static int[] previewSize(int width, int height) {
    double scale = Math.min(1.0, PREVIEW_SHORT_SIDE / (double) Math.min(width, height));
    return new int[] {even(width * scale), even(height * scale)};
  }

  /** True for the fast low-resolution preview. */
  public boolean preview() {
    return this == PREVIEW;
  }

  /**
   * Parses a label ("1080x1920", "preview") or enum name.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static RenderPreset parse(String value) {
    for (RenderPreset preset : values()) {
      if (preset.label.equalsIgnoreCase(value) || preset.name().equalsIgnoreCase(value)) {
        return preset;
      }
    }
    throw new IllegalArgumentException(
        "preset must be one of "
            + Arrays.stream(values()).map(RenderPreset::label).collect(Collectors.joining(", "))
            + " (got '"
            + value
            + "')");
  }

  private static int even(double value) {
    return Math.max(2, 2 * (int) Math.round(value / 2));
  }
}
