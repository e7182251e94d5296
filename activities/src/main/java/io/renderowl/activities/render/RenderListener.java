package io.renderowl.activities.render;

/**
 * Hears how far a render is. Throwing from {@link #onFrames} cancels the render: the renderer
 * closes its encoder, deletes the partial output and rethrows the exception.
 */
@FunctionalInterface
public interface RenderListener {

  /** A listener that ignores progress. */
  RenderListener NONE = (done, total) -> {};

  /**
   * Called about every {@value TimelineRenderer#PROGRESS_EVERY_FRAMES} frames and once at the end.
   *
   * @param done video frames encoded so far
   * @param total video frames the render will encode
   */
  void onFrames(long done, long total);
}
