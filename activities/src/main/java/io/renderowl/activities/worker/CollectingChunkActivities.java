package io.renderowl.activities.worker;

import io.renderowl.workflows.ChunkActivities;
import io.renderowl.workflows.ChunkRequest;
import io.renderowl.workflows.ChunkResult;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * A chunk activity followed by a full collection of the Java heap. What a chunk keeps for its whole
 * length (the decode image, the timeline, caption sprites: about 20 MB at 1080p) is promoted to the
 * old generation and is garbage once the chunk ends. The Serial collector grows the old generation
 * towards {@code -Xmx} rather than collecting it, so garbage piles up there chunk after chunk: a
 * long-lived render-only worker's peak RSS went from 465 MB after one W1 to 570 MB after five, and
 * a one-shot {@code owl run} of 300 s had 638 MB of heap after its young collections by its last
 * chunk (a full collection in the middle of a 120 s run's render took its heap from 293 to 65 MB).
 * A Serial full collection of what stays live takes 40-80 ms against a chunk's seconds.
 *
 * <p>A render-only worker collects after every chunk ({@link #always}), so that the next chunk
 * reuses the same, already resident, pages. The pipeline's workers (one-shot commands, {@code owl
 * serve}, {@code owl worker}), whose processes hold more than the render, collect only once the old
 * generation has grown past {@value #OLD_GENERATION_BOUND_MB} MB and past twice what their last
 * full collection left ({@link #onceTheOldGenerationGrew}): a demo's four chunks never reach it, a
 * long render collects every few chunks.
 */
final class CollectingChunkActivities implements ChunkActivities {

  /** The old generation's size under which a pipeline worker never collects by hand. */
  static final long OLD_GENERATION_BOUND_MB = 256;

  private final ChunkActivities chunks;
  private final BooleanSupplier worthCollecting;
  private final Runnable collect;

  CollectingChunkActivities(
      ChunkActivities chunks, BooleanSupplier worthCollecting, Runnable collect) {
    this.chunks = chunks;
    this.worthCollecting = worthCollecting;
    this.collect = collect;
  }

  /** A render-only worker's chunks: a full collection after each. */
  static ChunkActivities always(ChunkActivities chunks) {
    return new CollectingChunkActivities(chunks, () -> true, System::gc);
  }

  /**
   * A pipeline worker's chunks: a full collection after a chunk only when {@link
   * #oldGenerationGrew} says so for the JVM's old generation (never when the collector has none by
   * that name).
   */
  static ChunkActivities onceTheOldGenerationGrew(ChunkActivities chunks) {
    Optional<MemoryPoolMXBean> old = oldGeneration();
    return old.isEmpty()
        ? chunks
        : new CollectingChunkActivities(
            chunks,
            () -> oldGenerationGrew(old.get().getUsage(), old.get().getCollectionUsage()),
            System::gc);
  }

  /**
   * Whether the old generation ({@code now}) holds more than {@value #OLD_GENERATION_BOUND_MB} MB
   * and more than twice what the last collection of it left ({@code afterLastCollection}; null or
   * empty before the first).
   */
  static boolean oldGenerationGrew(MemoryUsage now, MemoryUsage afterLastCollection) {
    long left = afterLastCollection == null ? 0 : afterLastCollection.getUsed();
    return now.getUsed() > Math.max(OLD_GENERATION_BOUND_MB << 20, 2 * left);
  }

  /** Serial's "Tenured Gen", Parallel's "PS Old Gen", G1's "G1 Old Gen". */
  private static Optional<MemoryPoolMXBean> oldGeneration() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(
            pool -> pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported())
        .filter(pool -> pool.getName().contains("Tenured") || pool.getName().contains("Old Gen"))
        .findFirst();
  }

  @Override
  public ChunkResult renderChunk(ChunkRequest request) {
    try {
      return chunks.renderChunk(request);
    } finally {
      if (worthCollecting.getAsBoolean()) {
        collect.run();
      }
    }
  }
}
