package io.renderowl.activities.render;

import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Scales and converts pictures with libswscale (SIMD, bilinear): the per-frame work of Ken Burns
 * moves and video clips. Keeps one cached context; not thread-safe.
 */
final class Scaler implements AutoCloseable {

  private SwsContext context;
  private final PointerPointer<BytePointer> source = new PointerPointer<>(4);
  private final PointerPointer<BytePointer> target = new PointerPointer<>(4);
  private final IntPointer sourceStrides = new IntPointer(4);
  private final IntPointer targetStrides = new IntPointer(4);

  /**
   * Scales a source picture of {@code sourceWidth x sourceHeight} (planes given by pointers to its
   * top-left pixel and their strides) into the rectangle {@code (x, y, w, h)} of {@code dst} (even
   * coordinates and sizes).
   */
  void scale(
      BytePointer[] planes,
      int[] strides,
      int sourceFormat,
      int sourceWidth,
      int sourceHeight,
      YuvImage dst,
      int x,
      int y,
      int w,
      int h) {
    context =
        sws_getCachedContext(
            context,
            sourceWidth,
            sourceHeight,
            sourceFormat,
            w,
            h,
            YuvImage.pixelFormat(),
            SWS_BILINEAR,
            null,
            null,
            (DoublePointer) null);
    if (context == null) {
      throw new IllegalStateException(
          "swscale cannot scale " + sourceWidth + "x" + sourceHeight + " to " + w + "x" + h);
    }
    for (int i = 0; i < 4; i++) {
      source.put(i, i < planes.length ? planes[i] : null);
      sourceStrides.put(i, i < strides.length ? strides[i] : 0);
    }
    for (int plane = 0; plane < 3; plane++) {
      int shift = plane == 0 ? 0 : 1;
      target.put(plane, dst.pointer(plane, x >> shift, y >> shift));
      targetStrides.put(plane, dst.stride(plane));
    }
    target.put(3, (BytePointer) null);
    targetStrides.put(3, 0);
    sws_scale(context, source, sourceStrides, 0, sourceHeight, target, targetStrides);
  }

  /** Converts a whole YUV picture into packed BGR24 rows ({@code width * 3} bytes each). */
  void toBgr(YuvImage src, BytePointer bgr) {
    context =
        sws_getCachedContext(
            context,
            src.width,
            src.height,
            YuvImage.pixelFormat(),
            src.width,
            src.height,
            org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24,
            SWS_BILINEAR,
            null,
            null,
            (DoublePointer) null);
    for (int plane = 0; plane < 3; plane++) {
      source.put(plane, src.pointer(plane, 0, 0));
      sourceStrides.put(plane, src.stride(plane));
    }
    source.put(3, (BytePointer) null);
    target.put(0, bgr);
    targetStrides.put(0, src.width * 3);
    for (int i = 1; i < 4; i++) {
      target.put(i, (BytePointer) null);
      targetStrides.put(i, 0);
    }
    sws_scale(context, source, sourceStrides, 0, src.height, target, targetStrides);
  }

  @Override
  public void close() {
    if (context != null) {
      sws_freeContext(context);
      context = null;
    }
    source.close();
    target.close();
    sourceStrides.close();
    targetStrides.close();
  }
}
