package io.renderowl.activities.render;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The chunks this worker renders now, each with how many of its frames are drawn. A chunk about to
 * start counts those that will share the cores with it for a good part of its own length: the
 * running chunks with at least half of its frame count still to draw ({@link #start}).
 *
 * <p>The chunks a worker has not started yet ({@link ChunkStartOrder}) do not say this alone: of a
 * demo's four chunks on two slots the fourth started got both cores' x264 threads as if it ran
 * alone, while the third, started a moment before it with one thread, ran beside it; the fourth
 * ended first and the third ran on alone with its one thread for 0.90-1.70 s of the render (ten
 * demos, 2026-12-07). A third of three, started when one of the first two ends, still finds the
 * other nearly done, and gets both cores as before.
 */
final class RunningChunks {

  private final Set<Chunk> running = new HashSet<>();

  /**
   * Registers a chunk of {@code frames} frames that starts now.
   *
   * @return the chunk, which says how many of the others were lasting when it started; closed when
   *     the chunk ends, however it ends
   */
  synchronized Chunk start(long frames) {
    int lasting = 0;
    for (Chunk other : running) {
      if (2 * other.remaining() >= frames) {
        lasting++;
      }
    }
    Chunk chunk = new Chunk(frames, lasting);
    running.add(chunk);
    return chunk;
  }

  private synchronized void end(Chunk chunk) {
    running.remove(chunk);
  }

  /** A running chunk. */
  final class Chunk implements AutoCloseable {
    private final long frames;
    private final int othersLasting;
    private final AtomicLong drawn = new AtomicLong();

    private Chunk(long frames, int othersLasting) {
      this.frames = frames;
      this.othersLasting = othersLasting;
    }

    /**
     * The chunks that were running when this one started with at least half of its frame count
     * still to draw: they share the cores with it for much of its length.
     */
    int othersLasting() {
      return othersLasting;
    }

    /** {@code frames} of this chunk's frames are drawn (kept ones from an earlier attempt too). */
    void drawn(long frames) {
      drawn.set(frames);
    }

    private long remaining() {
      return Math.max(0, frames - drawn.get());
    }

    @Override
    public void close() {
      end(this);
    }
  }
}
