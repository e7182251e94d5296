package io.renderowl.activities.visuals;

import java.awt.image.BufferedImage;
import java.lang.ref.SoftReference;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * Where procedural pictures are drawn: at most two pictures per core at a time, each into a canvas
 * that the next picture of the same size draws over.
 *
 * <p>A run's visual activities all start at once (a 600 s run: 100 scenes, each on its own activity
 * thread), and each picture is 6 MB of heap at 1080x1920 while it is drawn and encoded. Drawn all
 * side by side on two cores, they were all in hand at every young collection, so the collector
 * promoted them to the old generation, where they stayed as garbage until a full collection: the
 * heap grew from 39 to 395 MB in two seconds, to 897 MB before that first full collection (which
 * left 59 MB), and the process peaked at 1.73-1.80 GB RSS against a 30 s demo's 0.99 GB. Drawing is
 * CPU-bound, so many more pictures at once than cores only share the same cores; the visual
 * activities over the limit wait their turn. Canvases are softly held: the collector may take an
 * idle one back.
 */
final class PictureCanvases {

  /**
   * The process's canvases: two pictures at once per core. One per core left the pictures a smaller
   * share of the cores while a run's narrations (espeak-ng processes) ran beside them: a demo's
   * four pictures ended 0.45-0.53 s after they were scheduled instead of 0.41-0.47 s.
   */
  static final PictureCanvases SHARED =
      new PictureCanvases(2 * Runtime.getRuntime().availableProcessors());

  private final Semaphore drawing;
  private final Queue<SoftReference<BufferedImage>> idle = new ConcurrentLinkedQueue<>();

  PictureCanvases(int atOnce) {
    if (atOnce < 1) {
      throw new IllegalArgumentException("at least one picture at a time (got " + atOnce + ")");
    }
    this.drawing = new Semaphore(atOnce, true);
  }

  /**
   * Waits for a turn, then hands {@code use} a {@code width} x {@code height} 3-byte BGR canvas
   * (holding an earlier picture: draw over every pixel) and returns what it returns; the canvas is
   * kept for a later picture.
   *
   * @throws IllegalStateException when the thread is interrupted while it waits (the activity is
   *     being cancelled)
   */
  <T> T draw(int width, int height, Function<BufferedImage, T> use) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "picture size must be positive (got " + width + "x" + height + ")");
    }
    try {
      drawing.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to draw a picture", e);
    }
    try {
      BufferedImage canvas = take(width, height);
      try {
        return use.apply(canvas);
      } finally {
        idle.offer(new SoftReference<>(canvas));
      }
    } finally {
      drawing.release();
    }
  }

  /** An idle canvas of that size, or a new one; idle canvases of other sizes are let go. */
  private BufferedImage take(int width, int height) {
    for (SoftReference<BufferedImage> held; (held = idle.poll()) != null; ) {
      BufferedImage canvas = held.get();
      if (canvas != null && canvas.getWidth() == width && canvas.getHeight() == height) {
        return canvas;
      }
    }
    return new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
  }

  /** Canvases waiting for a picture (tests). */
  int idleCanvases() {
    return idle.size();
  }
}
