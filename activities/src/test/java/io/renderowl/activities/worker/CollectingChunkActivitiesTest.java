package io.renderowl.activities.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renderowl.workflows.ChunkActivities;
import io.renderowl.workflows.ChunkResult;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CollectingChunkActivitiesTest {
  private static final ChunkResult DONE =
      new ChunkResult(null, "chunks/0.mp4", "libx264", "worker-1", false);
  private static final long MB = 1 << 20;

  @Test
  void aRenderOnlyWorkersChunkIsFollowedByACollectionWhetherItSucceedsOrFails() {
    long before = collections();
    assertThat(CollectingChunkActivities.always(request -> DONE).renderChunk(null)).isSameAs(DONE);
    long afterSuccess = collections();
    assertThat(afterSuccess).as("collections after a chunk").isGreaterThan(before);

    assertThatThrownBy(() ->
            CollectingChunkActivities.always(
                    request -> {
                      throw new IllegalStateException("encoder failed");
                    })
                .renderChunk(null))
        .hasMessage("encoder failed");
    assertThat(collections()).as("collections after a failed chunk").isGreaterThan(afterSuccess);
  }

  @Test
  void aPipelineWorkerCollectsOnlyOnceTheOldGenerationGrewPastTheBoundAndTwiceTheLastCollection() {
    long bound = CollectingChunkActivities.OLD_GENERATION_BOUND_MB * MB;
    assertThat(CollectingChunkActivities.oldGenerationGrew(used(bound - MB), null))
        .as("a demo's old generation, never collected")
        .isFalse();
    assertThat(CollectingChunkActivities.oldGenerationGrew(used(bound + MB), null))
        .as("past the bound, never collected")
        .isTrue();
    assertThat(CollectingChunkActivities.oldGenerationGrew(used(bound + MB), used(0)))
        .as("past the bound, the last collection left nothing")
        .isTrue();
    assertThat(CollectingChunkActivities.oldGenerationGrew(used(3 * bound), used(2 * bound)))
        .as("a process that keeps more than the bound live: not at every chunk")
        .isFalse();
    assertThat(CollectingChunkActivities.oldGenerationGrew(used(4 * bound + MB), used(2 * bound)))
        .as("twice what the last collection left")
        .isTrue();
  }

  @Test
  void theCollectionRunsAfterTheChunkWhenAskedAndAfterAFailedOneToo() {
    List<String> steps = new ArrayList<>();
    ChunkActivities chunk =
        request -> {
          steps.add("chunk");
          return DONE;
        };
    new CollectingChunkActivities(chunk, () -> false, () -> steps.add("collect")).renderChunk(null);
    assertThat(steps).as("the old generation has not grown").containsExactly("chunk");
    steps.clear();
    new CollectingChunkActivities(chunk, () -> true, () -> steps.add("collect")).renderChunk(null);
    assertThat(steps).containsExactly("chunk", "collect");
    steps.clear();
    assertThatThrownBy(() ->
            new CollectingChunkActivities(
                    request -> {
                      steps.add("chunk");
                      throw new IllegalStateException("encoder failed");
                    },
                    () -> true,
                    () -> steps.add("collect"))
                .renderChunk(null))
        .hasMessage("encoder failed");
    assertThat(steps).containsExactly("chunk", "collect");
  }

  @Test
  void aPipelineWorkerFindsTheOldGenerationOfThisJvm() {
    ChunkActivities plain = request -> DONE;
    assertThat(CollectingChunkActivities.onceTheOldGenerationGrew(plain))
        .as("every collector the launcher uses names its old generation")
        .isInstanceOf(CollectingChunkActivities.class);
  }

  private static MemoryUsage used(long bytes) {
    return new MemoryUsage(0, bytes, Math.max(bytes, 1), -1);
  }

  private static long collections() {
    long n = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      n += Math.max(0, gc.getCollectionCount());
    }
    return n;
  }
}
