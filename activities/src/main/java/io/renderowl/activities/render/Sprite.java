package io.renderowl.activities.render;

import java.awt.image.BufferedImage;

/**
 * A pre-rendered transparent picture (text, boxes) in YUV 4:2:0 with alpha, blended onto frames at
 * a fixed even position. Converting once and blending only its own rectangle makes a caption cost a
 * fraction of a millisecond per frame.
 */
final class Sprite {

  final int x;
  final int y;
  final int width;
  final int height;
  private final byte[] luma;
  private final byte[] alpha;
  private final byte[] cb;
  private final byte[] cr;
  private final byte[] chromaAlpha;
  private byte[] row;

  /**
   * @param argb the picture (any type; converted with its alpha), drawn with its top-left corner at
   *     ({@code x}, {@code y}) rounded down to even
   */
  Sprite(BufferedImage argb, int x, int y) {
    this.x = x & ~1;
    this.y = y & ~1;
    this.width = (argb.getWidth() + 1) & ~1;
    this.height = (argb.getHeight() + 1) & ~1;
    luma = new byte[width * height];
    alpha = new byte[width * height];
    int cw = width / 2;
    int ch = height / 2;
    cb = new byte[cw * ch];
    cr = new byte[cw * ch];
    chromaAlpha = new byte[cw * ch];
    int[] pixels = pixels(argb, width, height);
    for (int i = 0; i < pixels.length; i++) {
      int p = pixels[i];
      luma[i] = (byte) YuvColour.luma(p >> 16 & 0xff, p >> 8 & 0xff, p & 0xff);
      alpha[i] = (byte) (p >>> 24);
    }
    for (int cy = 0; cy < ch; cy++) {
      for (int cx = 0; cx < cw; cx++) {
        int r = 0;
        int g = 0;
        int b = 0;
        int a = 0;
        for (int k = 0; k < 4; k++) {
          int p = pixels[(2 * cy + (k >> 1)) * width + 2 * cx + (k & 1)];
          int pa = p >>> 24;
          r += (p >> 16 & 0xff) * pa;
          g += (p >> 8 & 0xff) * pa;
          b += (p & 0xff) * pa;
          a += pa;
        }
        int index = cy * cw + cx;
        chromaAlpha[index] = (byte) ((a + 2) / 4);
        if (a > 0) {
          cb[index] = (byte) YuvColour.cb(r / a, g / a, b / a);
          cr[index] = (byte) YuvColour.cr(r / a, g / a, b / a);
        } else {
          cb[index] = (byte) 128;
          cr[index] = (byte) 128;
        }
      }
    }
  }

  /**
   * The picture's non-premultiplied ARGB pixels in rows of {@code width}. A TYPE_INT_ARGB picture
   * (a caption block) holds exactly those values: its rows are copied as they are, where {@link
   * BufferedImage#getRGB(int, int, int, int, int[], int, int)} converts pixel by pixel through the
   * colour model (about 0.3 s of a demo render's CPU with the JIT's first tier). Other types are
   * converted by getRGB.
   */
  static int[] pixels(BufferedImage argb, int width, int height) {
    int[] pixels = new int[width * height];
    int w = argb.getWidth();
    if (argb.getType() == BufferedImage.TYPE_INT_ARGB) {
      java.awt.image.WritableRaster raster = argb.getRaster();
      int[] row = new int[w];
      for (int y = 0; y < argb.getHeight(); y++) {
        raster.getDataElements(0, y, w, 1, row);
        System.arraycopy(row, 0, pixels, y * width, w);
      }
    } else {
      argb.getRGB(0, 0, w, argb.getHeight(), pixels, 0, width);
    }
    return pixels;
  }

  /** Blends the sprite onto {@code canvas} with {@code opacity} (0..1), clipped to the canvas. */
  void blendInto(YuvImage canvas, double opacity) {
    int op = (int) Math.round(Math.clamp(opacity, 0, 1) * 256);
    if (op <= 0) {
      return;
    }
    int x0 = Math.max(0, x);
    int y0 = Math.max(0, y);
    int x1 = Math.min(canvas.width, x + width);
    int y1 = Math.min(canvas.height, y + height);
    if (x0 >= x1 || y0 >= y1) {
      return;
    }
    if (row == null || row.length < width) {
      row = new byte[width];
    }
    int length = x1 - x0;
    for (int yy = y0; yy < y1; yy++) {
      int at = canvas.planeOffset(0) + yy * canvas.width + x0;
      canvas.buffer.get(at, row, 0, length);
      blendRow(row, luma, alpha, (yy - y) * width + (x0 - x), length, op);
      canvas.buffer.put(at, row, 0, length);
    }
    int cw = width / 2;
    int cLength = length / 2;
    for (int cy = y0 / 2; cy < y1 / 2; cy++) {
      int source = (cy - y / 2) * cw + (x0 - x) / 2;
      int atU = canvas.planeOffset(1) + cy * canvas.chromaWidth + x0 / 2;
      canvas.buffer.get(atU, row, 0, cLength);
      blendRow(row, cb, chromaAlpha, source, cLength, op);
      canvas.buffer.put(atU, row, 0, cLength);
      int atV = canvas.planeOffset(2) + cy * canvas.chromaWidth + x0 / 2;
      canvas.buffer.get(atV, row, 0, cLength);
      blendRow(row, cr, chromaAlpha, source, cLength, op);
      canvas.buffer.put(atV, row, 0, cLength);
    }
  }

  private static void blendRow(byte[] dst, byte[] src, byte[] alpha, int from, int length, int op) {
    for (int i = 0; i < length; i++) {
      int a = alpha[from + i] & 0xff;
      if (a == 0) {
        continue;
      }
      a = ((a + (a >> 7)) * op) >> 8;
      int d = dst[i] & 0xff;
      dst[i] = (byte) (d + (((src[from + i] & 0xff) - d) * a + 128 >> 8));
    }
  }
}
