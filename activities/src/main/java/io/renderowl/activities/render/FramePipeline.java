package io.renderowl.activities.render;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;

/**
 * Draws frames on the calling thread and encodes them on a second thread, through {@value #SLOTS}
 * reused frame buffers: drawing frame n+1 overlaps encoding frame n, and memory stays at a few
 * frames whatever the length.
 */
final class FramePipeline {

  /** Frame buffers in flight. */
  static final int SLOTS = 3;

  private FramePipeline() {}

  /** What the encoding thread takes: a frame, or the end (null image). */
  private record Item(YuvImage image) {}

  /**
   * Draws and encodes timeline frames {@code range}, telling {@code listener} every {@code every}
   * frames and at the end; then finishes the encoder.
   *
   * @throws RuntimeException the listener's, the composer's or the encoder's exception; the encoder
   *     is not finished then
   */
  static void run(
      FrameComposer composer,
      VideoChunkEncoder encoder,
      FrameRange range,
      int fps,
      int width,
      int height,
      int every,
      RenderListener listener) {
    BlockingQueue<YuvImage> free = new ArrayBlockingQueue<>(SLOTS);
    BlockingQueue<Item> ready = new ArrayBlockingQueue<>(SLOTS + 1);
    List<YuvImage> images = new ArrayList<>();
    Throwable[] encodeFailure = {null};
    Thread encoding = null;
    try {
      for (int i = 0; i < SLOTS; i++) {
        YuvImage image = new YuvImage(width, height);
        images.add(image);
        free.add(image);
      }
      encoding =
          Thread.ofPlatform()
              .name("renderowl-encode")
              .daemon()
              .start(() -> {
                try {
                  while (true) {
                    Item item = ready.take();
                    if (item.image() == null) {
                      return;
                    }
                    if (encodeFailure[0] == null) {
                      encoder.write(item.image());
                    }
                    free.put(item.image());
                  }
                } catch (Throwable e) {
                  synchronized (encodeFailure) {
                    encodeFailure[0] = e;
                  }
                }
              });
      long total = range.frames();
      boolean finished = false;
      try {
        for (long frame = range.from(); frame < range.to(); frame++) {
          YuvImage canvas = null;
          while (canvas == null) {
            rethrow(encodeFailure);
            canvas = free.poll(200, TimeUnit.MILLISECONDS);
          }
          composer.draw(canvas, frame / (double) fps);
          ready.put(new Item(canvas));
          long done = frame + 1 - range.from();
          if (done % every == 0 || done == total) {
            listener.onFrames(done, total);
          }
        }
        finished = true;
      } finally {
        ready.put(new Item(null));
        encoding.join();
        if (finished) {
          rethrow(encodeFailure);
        }
      }
      encoder.finish();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("render interrupted");
    } finally {
      if (encoding != null && encoding.isAlive()) {
        encoding.interrupt();
        try {
          encoding.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      images.forEach(YuvImage::close);
    }
  }

  private static void rethrow(Throwable[] failure) {
    Throwable e;
    synchronized (failure) {
      e = failure[0];
    }
    if (e instanceof RuntimeException r) {
      throw r;
    }
    if (e instanceof Error err) {
      throw err;
    }
    if (e != null) {
      throw new IllegalStateException("encoding failed: " + e.getMessage(), e);
    }
  }
}
