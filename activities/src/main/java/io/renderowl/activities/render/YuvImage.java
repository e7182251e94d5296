package io.renderowl.activities.render;

import java.nio.ByteBuffer;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.Frame;

/**
 * A planar YUV 4:2:0 picture (BT.601 limited range, as x264 and swscale use by default) in one
 * native buffer: Y ({@code width x height}), then U and V ({@code width/2 x height/2} each). Frames
 * are composed in this format so the encoder takes them without a colour conversion. Even sizes
 * only. Not thread-safe.
 */
final class YuvImage implements AutoCloseable {

  final int width;
  final int height;
  final int chromaWidth;
  final int chromaHeight;
  private final BytePointer data;
  final ByteBuffer buffer;
  private final Frame frame;

  YuvImage(int width, int height) {
    if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0) {
      throw new IllegalArgumentException(
          "YUV 4:2:0 needs positive even sizes (got " + width + "x" + height + ")");
    }
    this.width = width;
    this.height = height;
    this.chromaWidth = width / 2;
    this.chromaHeight = height / 2;
    long size = (long) width * height + 2L * chromaWidth * chromaHeight;
    this.data = new BytePointer(size);
    this.buffer = data.asByteBuffer();
    this.frame = new Frame();
    frame.imageWidth = width;
    frame.imageHeight = height;
    frame.imageDepth = Frame.DEPTH_UBYTE;
    frame.imageChannels = 1;
    frame.imageStride = width;
    frame.image = new java.nio.Buffer[] {buffer};
  }

  /** Offset of plane 0 (Y), 1 (U) or 2 (V) in {@link #buffer}. */
  int planeOffset(int plane) {
    return switch (plane) {
      case 0 -> 0;
      case 1 -> width * height;
      default -> width * height + chromaWidth * chromaHeight;
    };
  }

  /** Row length of a plane in bytes. */
  int stride(int plane) {
    return plane == 0 ? width : chromaWidth;
  }

  /** A pointer to pixel (x, y) of a plane, in that plane's own coordinates. */
  BytePointer pointer(int plane, int x, int y) {
    return data.getPointer(planeOffset(plane) + (long) y * stride(plane) + x);
  }

  /** This picture as a JavaCV frame (no copy) for {@code record(frame, AV_PIX_FMT_YUV420P)}. */
  Frame frame() {
    buffer.position(0);
    return frame;
  }

  static int pixelFormat() {
    return avutil.AV_PIX_FMT_YUV420P;
  }

  /** Fills the whole picture with one colour. */
  void fill(YuvColour colour) {
    fillRect(0, 0, width, height, colour);
  }

  /** Fills a rectangle (even coordinates and sizes) with one colour. */
  void fillRect(int x, int y, int w, int h, YuvColour colour) {
    if (x == 0 && w == width) {
      fillBytes(planeOffset(0) + y * width, w * h, colour.y());
      fillBytes(planeOffset(1) + (y / 2) * chromaWidth, (w / 2) * (h / 2), colour.u());
      fillBytes(planeOffset(2) + (y / 2) * chromaWidth, (w / 2) * (h / 2), colour.v());
      return;
    }
    for (int row = y; row < y + h; row++) {
      fillBytes(planeOffset(0) + row * width + x, w, colour.y());
    }
    for (int row = y / 2; row < (y + h) / 2; row++) {
      fillBytes(planeOffset(1) + row * chromaWidth + x / 2, w / 2, colour.u());
      fillBytes(planeOffset(2) + row * chromaWidth + x / 2, w / 2, colour.v());
    }
  }

  private void fillBytes(int offset, int length, byte value) {
    org.bytedeco.javacpp.Pointer.memset(data.getPointer(offset), value & 0xff, length);
  }

  /**
   * Copies the rectangle (even coordinates and sizes) from {@code source} (same size) into this
   * picture, or blends it in with {@code alpha256} (0..256, 256 = opaque).
   */
  void compose(YuvImage source, int x, int y, int w, int h, int alpha256) {
    composeShifted(source, x, y, x, y, w, h, alpha256);
  }

  /**
   * Copies {@code source}'s rectangle at (sx, sy) to (dx, dy) here (even coordinates and sizes),
   * blended with {@code alpha256} (256: plain copy).
   */
  void composeShifted(YuvImage source, int sx, int sy, int dx, int dy, int w, int h, int alpha256) {
    if (w <= 0 || h <= 0 || alpha256 <= 0) {
      return;
    }
    byte[] src = rowBuffer(w);
    byte[] dst = alpha256 >= 256 ? null : rowBuffer2(w);
    for (int plane = 0; plane < 3; plane++) {
      int shift = plane == 0 ? 0 : 1;
      int rows = h >> shift;
      int length = w >> shift;
      int srcBase =
          source.planeOffset(plane) + (sy >> shift) * source.stride(plane) + (sx >> shift);
      int dstBase = planeOffset(plane) + (dy >> shift) * stride(plane) + (dx >> shift);
      for (int row = 0; row < rows; row++) {
        int from = srcBase + row * source.stride(plane);
        int to = dstBase + row * stride(plane);
        source.buffer.get(from, src, 0, length);
        if (dst == null) {
          buffer.put(to, src, 0, length);
        } else {
          buffer.get(to, dst, 0, length);
          Blend.mix(dst, src, length, alpha256);
          buffer.put(to, dst, 0, length);
        }
      }
    }
  }

  /** Blends a colour over the rectangle with {@code alpha256} (0..256). */
  void blendColour(int x, int y, int w, int h, YuvColour colour, int alpha256) {
    if (alpha256 >= 256) {
      fillRect(x, y, w, h, colour);
      return;
    }
    if (alpha256 <= 0) {
      return;
    }
    byte[] row = rowBuffer(w);
    byte[] values = {colour.y(), colour.u(), colour.v()};
    for (int plane = 0; plane < 3; plane++) {
      int shift = plane == 0 ? 0 : 1;
      int length = w >> shift;
      int base = planeOffset(plane) + (y >> shift) * stride(plane) + (x >> shift);
      for (int r = 0; r < (h >> shift); r++) {
        int at = base + r * stride(plane);
        buffer.get(at, row, 0, length);
        Blend.towards(row, length, values[plane] & 0xff, alpha256);
        buffer.put(at, row, 0, length);
      }
    }
  }

  private byte[] rows1;
  private byte[] rows2;

  private byte[] rowBuffer(int length) {
    if (rows1 == null || rows1.length < length) {
      rows1 = new byte[Math.max(length, width)];
    }
    return rows1;
  }

  private byte[] rowBuffer2(int length) {
    if (rows2 == null || rows2.length < length) {
      rows2 = new byte[Math.max(length, width)];
    }
    return rows2;
  }

  @Override
  public void close() {
    data.close();
  }
}
