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
 */
public record ChunkRequest(
    String runId,
    String renderId,
    String timelineId,
    ChunkSpec chunk,
    int chunks,
    long totalFrames,
    boolean preview) {}
