package io.renderowl.activities.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class X264ThreadsTest {

  @Test
  void aChunkRenderedAloneGetsOneThreadPerCoreNotX264sOneAndAHalf() {
    assertThat(ChunkActivitiesImpl.x264Threads(2, 2, 1)).isEqualTo(2);
    assertThat(ChunkActivitiesImpl.x264Threads(8, 1, 4)).isEqualTo(8);
    assertThat(ChunkActivitiesImpl.x264Threads(1, 1, 1)).isEqualTo(1);
  }

  @Test
  void parallelChunksSplitTheCoresAmongThem() {
    assertThat(ChunkActivitiesImpl.x264Threads(2, 2, 2)).isEqualTo(1);
    assertThat(ChunkActivitiesImpl.x264Threads(8, 4, 10)).isEqualTo(2);
    assertThat(ChunkActivitiesImpl.x264Threads(8, 8, 2)).isEqualTo(4);
  }

  @Test
  void theChunksAWorkerStartsLastGetTheCoresTheOthersNoLongerUse() {
    // 3 chunks on 2 slots and 2 cores: the first two started run side by side, the third alone
    assertThat(ChunkActivitiesImpl.x264Threads(2, 2, ChunkActivitiesImpl.chunksFromHereOn(3, 0)))
        .isEqualTo(1);
    assertThat(ChunkActivitiesImpl.x264Threads(2, 2, ChunkActivitiesImpl.chunksFromHereOn(3, 1)))
        .isEqualTo(1);
    assertThat(ChunkActivitiesImpl.x264Threads(2, 2, ChunkActivitiesImpl.chunksFromHereOn(3, 2)))
        .isEqualTo(2);
    assertThat(ChunkActivitiesImpl.chunksFromHereOn(1, 0)).isEqualTo(1);
  }

  @Test
  void everyParallelChunkGetsAtLeastOneThread() {
    assertThat(ChunkActivitiesImpl.x264Threads(2, 4, 4)).isEqualTo(1);
  }
}
