package io.renderowl.activities.render;

import java.awt.image.BufferedImage;

/** Test access to the framecode effect: reads the frame number a decoded frame shows. */
public final class Framecodes {
  private Framecodes() {}

  public static long read(BufferedImage frame) {
    return FramecodeClipLayer.read(
        frame.getWidth(),
        frame.getHeight(),
        (x, y) -> {
          int p = frame.getRGB(x, y);
          return (int) (0.299 * (p >> 16 & 255) + 0.587 * (p >> 8 & 255) + 0.114 * (p & 255));
        });
  }
}
