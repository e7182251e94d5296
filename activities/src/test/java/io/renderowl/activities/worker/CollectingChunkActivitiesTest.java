package io.renderowl.activities.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renderowl.workflows.ChunkResult;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class CollectingChunkActivitiesTest {

  @Test
  void aChunkIsFollowedByACollectionWhetherItSucceedsOrFails() {
    ChunkResult done = new ChunkResult(null, "chunks/0.mp4", "libx264", "worker-1", false);
    long before = collections();
    assertThat(new CollectingChunkActivities(request -> done).renderChunk(null)).isSameAs(done);
    long afterSuccess = collections();
    assertThat(afterSuccess).as("collections after a chunk").isGreaterThan(before);

    assertThatThrownBy(() ->
            new CollectingChunkActivities(
                    request -> {
                      throw new IllegalStateException("encoder failed");
                    })
                .renderChunk(null))
        .hasMessage("encoder failed");
    assertThat(collections()).as("collections after a failed chunk").isGreaterThan(afterSuccess);
  }

  private static long collections() {
    long n = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      n += Math.max(0, gc.getCollectionCount());
    }
    return n;
  }
}
