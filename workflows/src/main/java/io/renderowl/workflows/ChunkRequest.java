package io.renderowl.workflows;

/**
 * One chunk to render.
 *
 * @param runId the render's run (object-key prefix, live progress)
 * @param renderId renders.id
 * @param timelineId timelines.id
 * @param chunk the frame range
 * @param chunks number of chunks in the render
 * @param totalFrames frames in the whole render (for overall progress)
 * @param preview encode with the fast preview settings
 * @param width the output frame width, 0 for the timeline's own (see {@link RenderRequest#width})
 * @param height the output frame height, 0 for the timeline's own
 */
public record ChunkRequest(
    String runId,
    String renderId,
    String timelineId,
    ChunkSpec chunk,
    int chunks,
    long totalFrames,
    boolean preview,
    int width,
    int height) {

  /** A chunk at the timeline's own size. */
  public ChunkRequest(
      String runId,
      String renderId,
      String timelineId,
      ChunkSpec chunk,
      int chunks,
      long totalFrames,
      boolean preview) {
    this(runId, renderId, timelineId, chunk, chunks, totalFrames, preview, 0, 0);
  }

  /** Whether the chunk draws at another size than the timeline's. */
  public boolean resized() {
    return width > 0 && height > 0;
  }
}
