package io.renderowl.activities.render;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;

/**
 * A few native buffers kept for reuse: pictures of one render are usually the same size, so loading
 * the next one reuses the memory of the last instead of asking malloc for another 6-8 MB (which,
 * repeated, fragments the native heap and lets the process grow with the timeline's length). Also
 * the one BGR image pictures are decoded into on the Java heap, for the same reason. Used on the
 * drawing thread only.
 */
final class NativeBuffers implements AutoCloseable {

  private static final int KEEP = 4;

  private final List<BytePointer> free = new ArrayList<>();
  private java.awt.image.BufferedImage bgr;

  /** A buffer of at least {@code size} bytes (contents undefined). */
  BytePointer take(long size) {
    for (int i = 0; i < free.size(); i++) {
      if (free.get(i).capacity() >= size) {
        return free.remove(i);
      }
    }
    return new BytePointer(size);
  }

  /**
   * The reused {@code TYPE_3BYTE_BGR} image, {@code width x height} (contents undefined): the last
   * one when it has that size, else a new one that replaces it.
   */
  java.awt.image.BufferedImage bgrImage(int width, int height) {
    if (bgr == null || bgr.getWidth() != width || bgr.getHeight() != height) {
      bgr = null; // the old one can go before the new one is allocated
      bgr =
          new java.awt.image.BufferedImage(
              width, height, java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
    }
    return bgr;
  }

  /** Gives a buffer back for reuse (or frees it when enough are kept). */
  void give(BytePointer buffer) {
    if (buffer == null) {
      return;
    }
    if (free.size() < KEEP) {
      free.add(buffer);
    } else {
      buffer.close();
    }
  }

  @Override
  public void close() {
    free.forEach(BytePointer::close);
    free.clear();
    bgr = null;
  }
}
