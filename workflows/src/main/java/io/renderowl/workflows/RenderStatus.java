package io.renderowl.workflows;

/**
 * Answer of the render workflow's status query.
 *
 * @param phase where the workflow is
 * @param chunksDone chunks finished
 * @param chunks chunks in the render (0 until planned)
 * @param framesDone frames in finished chunks
 * @param totalFrames frames in the render (0 until prepared)
 * @param message what is happening
 */
public record RenderStatus(
    RenderPhase phase,
    int chunksDone,
    int chunks,
    long framesDone,
    long totalFrames,
    String message) {

  /** Share of the render done, 0..1, counting finished chunks. */
  public double fraction() {
    if (phase == RenderPhase.COMPLETED) {
      return 1.0;
    }
    return totalFrames <= 0 ? 0 : Math.min(1.0, (double) framesDone / totalFrames);
  }
}
