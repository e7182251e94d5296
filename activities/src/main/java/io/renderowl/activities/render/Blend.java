package io.renderowl.activities.render;

/** Per-byte blending loops on rows of 8-bit samples. */
final class Blend {

  private Blend() {}

  /** {@code dst = dst + (src - dst) * alpha256 / 256} for {@code length} samples. */
  static void mix(byte[] dst, byte[] src, int length, int alpha256) {
    int keep = 256 - alpha256;
    for (int i = 0; i < length; i++) {
      dst[i] = (byte) (((dst[i] & 0xff) * keep + (src[i] & 0xff) * alpha256 + 128) >> 8);
    }
  }

  /** {@code row = row + (value - row) * alpha256 / 256}. */
  static void towards(byte[] row, int length, int value, int alpha256) {
    int keep = 256 - alpha256;
    int add = value * alpha256 + 128;
    for (int i = 0; i < length; i++) {
      row[i] = (byte) (((row[i] & 0xff) * keep + add) >> 8);
    }
  }
}
