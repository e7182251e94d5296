package io.renderowl.activities.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ChunkStartOrderTest {

  @Test
  void countsEachRendersChunksInTheOrderTheyStartWhateverTheirIndex() {
    ChunkStartOrder order = new ChunkStartOrder();
    // the queue handed out chunk 4 and 3 of render a first, then b's first chunk, then a's others
    assertThat(order.next("a")).isZero();
    assertThat(order.next("a")).isEqualTo(1);
    assertThat(order.next("b")).isZero();
    assertThat(order.next("a")).isEqualTo(2);
    assertThat(order.next("a")).isEqualTo(3);
    // 3 chunks, 2 slots, 2 cores: the chunk started last gets both cores, the others 1 each
    ChunkStartOrder three = new ChunkStartOrder();
    List<Integer> threads = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      threads.add(
          ChunkActivitiesImpl.x264Threads(
              2, 2, ChunkActivitiesImpl.chunksFromHereOn(3, three.next("r"))));
    }
    assertThat(threads).containsExactly(1, 1, 2);
  }

  @Test
  void remembersOnlyTheMostRecentRenders() {
    ChunkStartOrder order = new ChunkStartOrder();
    order.next("old");
    for (int i = 0; i < ChunkStartOrder.RENDERS; i++) {
      order.next("render-" + i);
    }
    // forgotten: counts as a first chunk again (fewer threads, never more than the cores)
    assertThat(order.next("old")).isZero();
    assertThat(order.next("render-" + (ChunkStartOrder.RENDERS - 1))).isEqualTo(1);
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void chunksStartingAtOnceGetDistinctPlaces() throws Exception {
    ChunkStartOrder order = new ChunkStartOrder();
    int chunks = 64;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Integer>> places = new ArrayList<>();
      for (int i = 0; i < chunks; i++) {
        places.add(
            pool.submit(() -> {
              go.await();
              return order.next("r");
            }));
      }
      go.countDown();
      List<Integer> got = new ArrayList<>();
      for (Future<Integer> place : places) {
        got.add(place.get(10, TimeUnit.SECONDS));
      }
      Collections.sort(got);
      List<Integer> expected = new ArrayList<>();
      for (int i = 0; i < chunks; i++) {
        expected.add(i);
      }
      assertThat(got).isEqualTo(expected);
    } finally {
      pool.shutdownNow();
    }
  }
}
