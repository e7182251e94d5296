package io.renderowl.activities.render;

/**
 * A rendered video chunk.
 *
 * @param range the timeline frames it holds
 * @param bytes size of the chunk file
 */
public record ChunkOutcome(FrameRange range, long bytes) {}
