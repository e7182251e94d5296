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
 */
public record RenderRequest(
    String runId,
    String userId,
    String timelineId,
    int chunkFrames,
    int chunks,
    boolean pipelineRun,
    boolean preview,
    String callbackUrl) {

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
