package io.renderowl.workflows;

/**
 * What one render should produce: a stored timeline as an MP4 in object storage.
 *
 * @param runId the run the render belongs to: the pipeline run id, or the render workflow id for a
 *     render started on its own ({@code owl render}); renders.run_id and the object-key prefix
 * @param userId the owner (users.id)
 * @param timelineId timelines.id of the stored timeline
 * @param chunkFrames frames per chunk; 0 takes the workers' RENDEROWL_RENDER_CHUNK_FRAMES
 * @param chunks number of chunks; 0 cuts by {@code chunkFrames} instead
 * @param pipelineRun whether {@code runId} is a pipeline run whose ledger row gets the MP4
 * @param preview encode fast for a preview (x264 ultrafast) instead of the standard settings
 * @param callbackUrl where the render's completion, failure or cancellation is POSTed (a render
 *     started on its own; null for none)
 * @param width the output frame width (a render preset's size, same aspect ratio as the timeline;
 *     the frame count does not change); 0 for the timeline's own size
 * @param height the output frame height; 0 for the timeline's own size
 */
public record RenderRequest(
    String runId,
    String userId,
    String timelineId,
    int chunkFrames,
    int chunks,
    boolean pipelineRun,
    boolean preview,
    String callbackUrl,
    int width,
    int height) {

  /** A render at the timeline's own size. */
  public RenderRequest(
      String runId,
      String userId,
      String timelineId,
      int chunkFrames,
      int chunks,
      boolean pipelineRun,
      boolean preview,
      String callbackUrl) {
    this(runId, userId, timelineId, chunkFrames, chunks, pipelineRun, preview, callbackUrl, 0, 0);
  }

  /** Whether the render draws at another size than the timeline's. */
  public boolean resized() {
    return width > 0 && height > 0;
  }

  /** A render that reports its end to nobody. */
  public RenderRequest(
      String runId,
      String userId,
      String timelineId,
      int chunkFrames,
      int chunks,
      boolean pipelineRun,
      boolean preview) {
    this(runId, userId, timelineId, chunkFrames, chunks, pipelineRun, preview, null);
  }

  /** The render of a pipeline run, cut into chunks as the workers are configured. */
  public static RenderRequest forPipeline(
      String runId, String userId, String timelineId, boolean preview) {
    return new RenderRequest(runId, userId, timelineId, 0, 0, true, preview);
  }
}
