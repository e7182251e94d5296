package io.renderowl.activities.render;

import io.renderowl.workflows.timeline.ClipDocument;

/**
 * An {@code effect} clip of type "framecode": the number of the frame being drawn as a row of
 * {@value #BITS} black (0) or white (1) bars across the top of the frame, most significant bit
 * left, each bar {@code width / BITS} pixels wide and {@value #BAR_HEIGHT_FRACTION} of the height
 * tall. Read back from a decoded video it tells which timeline frame each output frame shows; used
 * to prove chunk seams lose or repeat no frame.
 */
final class FramecodeClipLayer implements ClipLayer {

  /** Bits drawn: frames up to 2^16 - 1 (36 minutes at 30 fps). */
  static final int BITS = 16;

  static final double BAR_HEIGHT_FRACTION = 0.08;

  private final ClipDocument clip;
  private final int frameWidth;
  private final int frameHeight;
  private final int fps;

  FramecodeClipLayer(ClipDocument clip, int frameWidth, int frameHeight, int fps) {
    this.clip = clip;
    this.frameWidth = frameWidth;
    this.frameHeight = frameHeight;
    this.fps = fps;
  }

  @Override
  public ClipDocument clip() {
    return clip;
  }

  @Override
  public void draw(YuvImage canvas, YuvImage scratch, double seconds) {
    long frame = Math.round(seconds * fps);
    int barWidth = (frameWidth / BITS) & ~1;
    int barHeight = Math.max(2, (int) (frameHeight * BAR_HEIGHT_FRACTION)) & ~1;
    for (int bit = 0; bit < BITS; bit++) {
      boolean one = ((frame >> (BITS - 1 - bit)) & 1) == 1;
      canvas.fillRect(bit * barWidth, 0, barWidth, barHeight, one ? WHITE : BLACK);
    }
  }

  private static final YuvColour WHITE = YuvColour.ofRgb(255, 255, 255);
  private static final YuvColour BLACK = YuvColour.ofRgb(0, 0, 0);

  @Override
  public void release() {
    // nothing loaded
  }

  /**
   * Reads the frame number back from a decoded frame's pixel luma sampled in the middle of each bar
   * ({@code luma(x, y)} 0..255).
   */
  static long read(int frameWidth, int frameHeight, java.util.function.IntBinaryOperator luma) {
    int barWidth = (frameWidth / BITS) & ~1;
    int y = (Math.max(2, (int) (frameHeight * BAR_HEIGHT_FRACTION)) & ~1) / 2;
    long value = 0;
    for (int bit = 0; bit < BITS; bit++) {
      value = (value << 1) | (luma.applyAsInt(bit * barWidth + barWidth / 2, y) > 127 ? 1 : 0);
    }
    return value;
  }
}
