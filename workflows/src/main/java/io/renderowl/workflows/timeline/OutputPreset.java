package io.renderowl.workflows.timeline;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A named output size for a render of a stored timeline, as Shotstack and Creatomate users know
 * them ({@code preview}, {@code sd}/{@code 480p}, {@code hd}/{@code 720p}, {@code fhd}/{@code
 * 1080p}, {@code original}). Every preset keeps the timeline's aspect ratio, frame rate and
 * duration: only the frame size (the short side) and the encoder's speed change, so a render at any
 * preset has exactly the timeline's frame count. Clip layouts are relative to the frame, so a
 * timeline draws the same at every size.
 *
 * @param name the name the API and the CLI take (lower case)
 * @param aliases other accepted names
 * @param shortSide the frame's short side in pixels; 0 keeps the timeline's own size
 * @param preview whether the fast preview encoding (x264 ultrafast, crf 28) and the preview price
 *     apply; otherwise the standard encoding for the frame size and the full price
 * @param description one line for listings
 */
public record OutputPreset(
    String name, List<String> aliases, int shortSide, boolean preview, String description) {

  public OutputPreset {
    aliases = List.copyOf(aliases);
  }

  /** The timeline's own size, standard encoding. */
  public static final OutputPreset ORIGINAL =
      new OutputPreset(
          "original",
          List.of("source"),
          0,
          false,
          "the timeline's own resolution (also asked for by that resolution, e.g. 1080x1920)");

  /** The presets, smallest first. */
  public static final List<OutputPreset> ALL =
      List.of(
          new OutputPreset(
              "preview",
              List.of(),
              RenderPreset.PREVIEW_SHORT_SIDE,
              true,
              "fast low-resolution draft: 360-pixel short side (never above the timeline's own),"
                  + " x264 ultrafast, preview price"),
          new OutputPreset(
              "sd", List.of("480p"), 480, false, "480-pixel short side (e.g. 854x480, 480x854)"),
          new OutputPreset(
              "hd", List.of("720p"), 720, false, "720-pixel short side (e.g. 1280x720, 720x1280)"),
          new OutputPreset(
              "fhd",
              List.of("1080p"),
              1080,
              false,
              "1080-pixel short side (e.g. 1920x1080, 1080x1920, 1080x1080)"),
          ORIGINAL);

  /**
   * The frame size of a {@code width x height} timeline at this preset: the same aspect ratio at
   * the preset's short side, both sides even; {@code preview} is never larger than the timeline.
   *
   * @return {width, height}
   * @throws IllegalArgumentException when the long side would exceed {@link
   *     TimelineValidator#MAX_SIDE}
   */
  public int[] sizeFor(int width, int height) {
    if (shortSide == 0) {
      return new int[] {width, height};
    }
    if (preview) {
      return RenderPreset.previewSize(width, height);
    }
    double scale = shortSide / (double) Math.min(width, height);
    int w = even(width * scale);
    int h = even(height * scale);
    if (w > TimelineValidator.MAX_SIDE || h > TimelineValidator.MAX_SIDE) {
      throw new IllegalArgumentException(
          "preset '"
              + name
              + "' would render this "
              + width
              + "x"
              + height
              + " timeline at "
              + w
              + "x"
              + h
              + ", above the "
              + TimelineValidator.MAX_SIDE
              + "-pixel limit");
    }
    return new int[] {w, h};
  }

  /** Whether {@code value} names this preset (case and surrounding blanks ignored). */
  public boolean matches(String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    return name.equals(v) || aliases.contains(v);
  }

  /** The preset {@code value} names, if any. */
  public static Optional<OutputPreset> find(@Nullable String value) {
    if (value == null) {
      return Optional.empty();
    }
    return ALL.stream().filter(p -> p.matches(value)).findFirst();
  }

  /** "preview, sd (480p), hd (720p), fhd (1080p), original (source)" for error messages. */
  public static String names() {
    return ALL.stream()
        .map(p -> p.aliases.isEmpty() ? p.name : p.name + " (" + String.join(", ", p.aliases) + ")")
        .collect(Collectors.joining(", "));
  }

  /**
   * Checks a preset before anything is created (a template's use renders after it stored the new
   * timeline): empty when {@code preset} is blank, a named preset or a resolution "WxH" (which the
   * render compares with the timeline's own); else the problem, naming the valid presets.
   */
  public static Optional<String> problem(@Nullable String preset) {
    if (preset == null
        || preset.isBlank()
        || find(preset).isPresent()
        || preset.strip().matches("[0-9]{1,5}x[0-9]{1,5}")) {
      return Optional.empty();
    }
    String shown = preset.length() <= 200 ? preset : preset.substring(0, 200) + "...";
    return Optional.of(
        "must be one of "
            + names()
            + " or the timeline's resolution (e.g. 1080x1920), got '"
            + shown
            + "' (GET /api/v1/render/presets lists them)");
  }

  private static int even(double value) {
    return Math.max(2, 2 * (int) Math.round(value / 2));
  }
}
