package io.renderowl.workflows;

/**
 * A range of frames rendered as one closed-GOP chunk.
 *
 * @param index 0-based position in the render
 * @param firstFrame first frame of the timeline this chunk draws
 * @param frameCount frames in the chunk, &gt; 0
 */
public record ChunkSpec(int index, long firstFrame, long frameCount) {
  /** The frame after the last one of this chunk. */
  public long endFrame() {
    return firstFrame + frameCount;
  }
}
