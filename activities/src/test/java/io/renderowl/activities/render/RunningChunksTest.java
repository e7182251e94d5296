package io.renderowl.activities.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunningChunksTest {

  @Test
  void aChunkCountsTheRunningOnesWithHalfItsFramesOrMoreStillToDraw() {
    RunningChunks running = new RunningChunks();
    RunningChunks.Chunk first = running.start(200);
    assertThat(first.othersLasting()).as("alone").isZero();

    RunningChunks.Chunk second = running.start(200);
    assertThat(second.othersLasting()).as("the first has all its frames to draw").isEqualTo(1);

    first.drawn(100); // 100 left: half of the next chunk's 200
    second.drawn(101); // 99 left
    try (RunningChunks.Chunk third = running.start(200)) {
      assertThat(third.othersLasting()).isEqualTo(1);
    }
    assertThat(running.start(400).othersLasting()).as("a longer chunk outlasts both").isZero();
  }

  @Test
  void aChunkThatEndedIsNotCountedWhateverWasLeft() {
    RunningChunks running = new RunningChunks();
    RunningChunks.Chunk failed = running.start(300);
    failed.drawn(10);
    failed.close(); // a failed or cancelled chunk ends as a finished one does
    assertThat(running.start(300).othersLasting()).isZero();
  }

  @Test
  void aDemosFourChunksOnTwoSlotsAllRunWithOneThreadTheThirdOfThreeWithBoth() {
    // 2 cores, 2 slots. Four chunks: a pair, then the third and fourth, started a moment apart
    ChunkStartOrder order = new ChunkStartOrder();
    RunningChunks running = new RunningChunks();
    RunningChunks.Chunk a = running.start(225);
    assertThat(threads(order, running, a, 4, "demo")).isEqualTo(1);
    RunningChunks.Chunk b = running.start(225);
    assertThat(threads(order, running, b, 4, "demo")).isEqualTo(1);
    a.drawn(225);
    a.close();
    b.drawn(220);
    RunningChunks.Chunk c = running.start(225);
    assertThat(threads(order, running, c, 4, "demo")).isEqualTo(1);
    b.close();
    c.drawn(10);
    RunningChunks.Chunk d = running.start(225);
    assertThat(threads(order, running, d, 4, "demo"))
        .as("the third runs beside it for most of its length")
        .isEqualTo(1);

    c.close();
    d.close();

    // three chunks: the third starts when the first ends, the second nearly done
    ChunkStartOrder three = new ChunkStartOrder();
    RunningChunks alone = new RunningChunks();
    RunningChunks.Chunk x = alone.start(300);
    assertThat(threads(three, alone, x, 3, "w1")).isEqualTo(1);
    RunningChunks.Chunk y = alone.start(300);
    assertThat(threads(three, alone, y, 3, "w1")).isEqualTo(1);
    x.close();
    y.drawn(280);
    RunningChunks.Chunk z = alone.start(300);
    assertThat(threads(three, alone, z, 3, "w1")).as("the second ends soon").isEqualTo(2);
  }

  @Test
  void twoRendersOfOneChunkEachShareTheCores() {
    // before, each counted only its own render's chunks and both took both cores
    ChunkStartOrder order = new ChunkStartOrder();
    RunningChunks running = new RunningChunks();
    RunningChunks.Chunk a = running.start(900);
    assertThat(threads(order, running, a, 1, "a")).isEqualTo(2);
    RunningChunks.Chunk b = running.start(900);
    assertThat(threads(order, running, b, 1, "b")).isEqualTo(1);
  }

  private static int threads(
      ChunkStartOrder order,
      RunningChunks running,
      RunningChunks.Chunk chunk,
      int chunks,
      String id) {
    return ChunkActivitiesImpl.x264Threads(
        2, 2, ChunkActivitiesImpl.chunksFromHereOn(chunks, order.next(id)) + chunk.othersLasting());
  }
}
