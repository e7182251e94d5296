package io.renderowl.activities.render;

/**
 * What a finished render produced.
 *
 * @param frames video frames encoded
 * @param durationSeconds length of the video, frames / fps
 * @param bytes size of the MP4 file
 */
public record RenderOutcome(long frames, double durationSeconds, long bytes) {}
