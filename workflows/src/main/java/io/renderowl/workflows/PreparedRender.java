package io.renderowl.workflows;

/**
 * A validated timeline, ready to be rendered in chunks: its renders row exists and its whole audio
 * track is encoded once, in object storage.
 *
 * @param renderId renders.id
 * @param totalFrames video frames of the timeline
 * @param fps frames per second
 * @param width frame width
 * @param height frame height
 * @param durationSeconds frames / fps
 * @param audioKey object key of the timeline's AAC audio
 * @param tuning how the workers that prepared it are configured to cut and route chunks
 */
public record PreparedRender(
    String renderId,
    long totalFrames,
    int fps,
    int width,
    int height,
    double durationSeconds,
    String audioKey,
    RenderTuning tuning) {}
