package io.renderowl.activities.render;

import java.awt.Color;

/** Parses the "#rrggbb" and "#rrggbbaa" colours a timeline document uses. */
final class ColorValues {

  private ColorValues() {}

  /**
   * @param value "#rrggbb" or "#rrggbbaa", or null for the fallback
   * @param field what the colour is for, named in the error
   * @throws IllegalArgumentException when the value is not such a colour
   */
  static Color parse(String value, Color fallback, String field) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    String hex = value.strip();
    if (hex.matches("#[0-9a-fA-F]{6}")) {
      return new Color(Integer.parseInt(hex.substring(1), 16));
    }
    if (hex.matches("#[0-9a-fA-F]{8}")) {
      long rgba = Long.parseLong(hex.substring(1), 16);
      return new Color(
          (int) (rgba >> 24) & 0xff,
          (int) (rgba >> 16) & 0xff,
          (int) (rgba >> 8) & 0xff,
          (int) rgba & 0xff);
    }
    throw new IllegalArgumentException(
        field + " must be a colour like #ffffff (got '" + value + "')");
  }
}
