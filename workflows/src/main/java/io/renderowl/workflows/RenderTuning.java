package io.renderowl.workflows;

/**
 * Render settings of the workers (RENDEROWL_RENDER_*), handed to the workflow by the prepare
 * activity so that they come from configuration while the workflow stays deterministic.
 *
 * @param chunkFrames frames per chunk when the request names neither a size nor a count
 * @param gpuQueueWaitSeconds how long a chunk may wait on the GPU queue for a worker before it is
 *     sent to the CPU queue (schedule-to-start timeout)
 * @param heartbeatSeconds how long a chunk may go without a heartbeat before Temporal gives it to
 *     another worker (a dead worker's chunk is redone after this)
 */
public record RenderTuning(int chunkFrames, int gpuQueueWaitSeconds, int heartbeatSeconds) {
  public static final RenderTuning DEFAULT =
      new RenderTuning(ChunkPlanner.DEFAULT_CHUNK_FRAMES, 60, 30);
}
