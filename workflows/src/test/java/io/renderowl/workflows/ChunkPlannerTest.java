package io.renderowl.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkPlannerTest {

  @Test
  void aShortVideoIsOneChunk() {
    assertThat(ChunkPlanner.plan(240, 300, 0)).containsExactly(new ChunkSpec(0, 0, 240));
    assertThat(ChunkPlanner.plan(300, 300, 0)).containsExactly(new ChunkSpec(0, 0, 300));
  }

  @Test
  void chunksOfAGivenSizeAreBalancedAndCoverEveryFrameOnce() {
    List<ChunkSpec> plan = ChunkPlanner.plan(1031, 300, 0);

    assertThat(plan)
        .containsExactly(
            new ChunkSpec(0, 0, 258),
            new ChunkSpec(1, 258, 258),
            new ChunkSpec(2, 516, 258),
            new ChunkSpec(3, 774, 257));
    assertContiguous(plan, 1031);
  }

  @Test
  void aChunkCountWinsOverTheChunkSize() {
    List<ChunkSpec> plan = ChunkPlanner.plan(90, 300, 3);

    assertThat(plan)
        .containsExactly(
            new ChunkSpec(0, 0, 30), new ChunkSpec(1, 30, 30), new ChunkSpec(2, 60, 30));
  }

  @Test
  void neverMoreChunksThanFrames() {
    assertThat(ChunkPlanner.plan(2, 300, 5))
        .containsExactly(new ChunkSpec(0, 0, 1), new ChunkSpec(1, 1, 1));
  }

  @Test
  void noChunkSizeMeansTheDefault() {
    assertThat(ChunkPlanner.plan(601, 0, 0)).hasSize(3);
    assertContiguous(ChunkPlanner.plan(601, 0, 0), 601);
  }

  @Test
  void aTimelineWithoutFramesOrWithTooManyChunksIsRefused() {
    assertThatThrownBy(() -> ChunkPlanner.plan(0, 300, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a render needs at least one frame (got 0)");
    assertThatThrownBy(() -> ChunkPlanner.plan(100_000, 10, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("would be 10000 chunks; at most 256");
  }

  private static void assertContiguous(List<ChunkSpec> plan, long total) {
    long next = 0;
    for (int i = 0; i < plan.size(); i++) {
      assertThat(plan.get(i).index()).isEqualTo(i);
      assertThat(plan.get(i).firstFrame()).isEqualTo(next);
      assertThat(plan.get(i).frameCount()).isPositive();
      next = plan.get(i).endFrame();
    }
    assertThat(next).isEqualTo(total);
  }
}
