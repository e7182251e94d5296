package io.renderowl.activities.render;

import java.awt.Color;

/**
 * A colour in BT.601 limited-range Y'CbCr, the matrix swscale and x264 use for yuv420p by default,
 * so colours drawn in YUV match pictures converted from RGB.
 */
record YuvColour(byte y, byte u, byte v) {

  static YuvColour of(Color c) {
    return ofRgb(c.getRed(), c.getGreen(), c.getBlue());
  }

  static YuvColour ofRgb(int r, int g, int b) {
    return new YuvColour((byte) luma(r, g, b), (byte) cb(r, g, b), (byte) cr(r, g, b));
  }

  static int luma(int r, int g, int b) {
    return (66 * r + 129 * g + 25 * b + 128 + (16 << 8)) >> 8;
  }

  static int cb(int r, int g, int b) {
    return (-38 * r - 74 * g + 112 * b + 128 + (128 << 8)) >> 8;
  }

  static int cr(int r, int g, int b) {
    return (112 * r - 94 * g - 18 * b + 128 + (128 << 8)) >> 8;
  }
}
