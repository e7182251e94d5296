package io.renderowl.workflows;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a timeline's frames into chunks: either {@code chunks} chunks, or as many chunks of at most
 * {@code chunkFrames} frames as needed (one for a short video). Chunks are as equal as they can be
 * (sizes differ by at most one frame), cover every frame once and are in order. Pure, so the
 * workflow can call it.
 */
public final class ChunkPlanner {
  /** Frames per chunk when nothing else is configured (10 s at 30 fps). */
  public static final int DEFAULT_CHUNK_FRAMES = 300;

  /** Upper bound on the chunks of one render, which keeps the workflow history small. */
  public static final int MAX_CHUNKS = 256;

  private ChunkPlanner() {}

  /**
   * @param totalFrames frames of the timeline, &gt; 0
   * @param chunkFrames maximum frames per chunk; 0 or less means {@link #DEFAULT_CHUNK_FRAMES}
   * @param chunks the number of chunks wanted; 0 or less cuts by {@code chunkFrames}; never more
   *     than one chunk per frame
   * @throws IllegalArgumentException for a timeline without frames or more than {@link #MAX_CHUNKS}
   *     chunks
   */
  public static List<ChunkSpec> plan(long totalFrames, int chunkFrames, int chunks) {
    if (totalFrames <= 0) {
      throw new IllegalArgumentException(
          "a render needs at least one frame (got " + totalFrames + ")");
    }
    long count;
    if (chunks > 0) {
      count = Math.min(chunks, totalFrames);
    } else {
      long size = chunkFrames > 0 ? chunkFrames : DEFAULT_CHUNK_FRAMES;
      count = (totalFrames + size - 1) / size;
    }
    if (count > MAX_CHUNKS) {
      throw new IllegalArgumentException(
          totalFrames
              + " frames in chunks of "
              + chunkFrames
              + " would be "
              + count
              + " chunks; at most "
              + MAX_CHUNKS
              + " are allowed (raise the chunk size)");
    }
    long base = totalFrames / count;
    long larger = totalFrames % count;
    List<ChunkSpec> plan = new ArrayList<>();
    long first = 0;
    for (int i = 0; i < count; i++) {
      long frames = base + (i < larger ? 1 : 0);
      plan.add(new ChunkSpec(i, first, frames));
      first += frames;
    }
    return List.copyOf(plan);
  }
}
