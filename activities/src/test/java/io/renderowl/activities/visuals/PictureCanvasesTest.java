package io.renderowl.activities.visuals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 1, unit = TimeUnit.MINUTES)
class PictureCanvasesTest {

  @Test
  void noMorePicturesAtOnceThanAllowedAndTheirCanvasesAreReused() throws Exception {
    PictureCanvases canvases = new PictureCanvases(2);
    AtomicInteger inHand = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    List<BufferedImage> used = java.util.Collections.synchronizedList(new ArrayList<>());
    try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
      List<Future<?>> pictures = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        pictures.add(
            threads.submit(() -> {
              start.await();
              return canvases.draw(
                  36,
                  64,
                  canvas -> {
                    most.accumulateAndGet(inHand.incrementAndGet(), Math::max);
                    used.add(canvas);
                    try {
                      Thread.sleep(5);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    inHand.decrementAndGet();
                    return canvas.getWidth();
                  });
            }));
      }
      start.countDown();
      for (Future<?> picture : pictures) {
        assertThat(picture.get(30, TimeUnit.SECONDS)).isEqualTo(36);
      }
    }
    assertThat(most.get()).as("pictures in hand at once").isBetween(1, 2);
    assertThat(used.stream().distinct().count()).as("canvases for 24 pictures").isBetween(1L, 2L);
    assertThat(canvases.idleCanvases()).isBetween(1, 2);
  }

  @Test
  void anotherSizeGetsItsOwnCanvasAndAFailedPictureGivesItsTurnBack() {
    PictureCanvases canvases = new PictureCanvases(1);
    BufferedImage first = canvases.draw(36, 64, canvas -> canvas);
    assertThat(first.getType()).isEqualTo(BufferedImage.TYPE_3BYTE_BGR);
    BufferedImage again = canvases.draw(36, 64, canvas -> canvas);
    assertThat(again).as("the same size").isSameAs(first);
    BufferedImage wide = canvases.draw(64, 36, canvas -> canvas);
    assertThat(wide).isNotSameAs(first);
    assertThat(wide.getWidth()).isEqualTo(64);

    assertThatThrownBy(() ->
            canvases.draw(
                36,
                64,
                canvas -> {
                  throw new IllegalStateException("encoder failed");
                }))
        .hasMessage("encoder failed");
    String drawn = canvases.draw(36, 64, canvas -> "drawn");
    assertThat(drawn).as("the one turn was given back").isEqualTo("drawn");
    assertThatThrownBy(() -> canvases.draw(0, 64, canvas -> canvas))
        .hasMessageContaining("must be positive");
    assertThatThrownBy(() -> new PictureCanvases(0)).hasMessageContaining("at least one");
  }

  @Test
  void aThreadInterruptedWhileWaitingGivesUpWithTheReason() throws Exception {
    PictureCanvases canvases = new PictureCanvases(1);
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread holder =
        Thread.ofPlatform()
            .start(() ->
                canvases.draw(
                    36,
                    64,
                    canvas -> {
                      holding.countDown();
                      try {
                        return release.await(30, TimeUnit.SECONDS);
                      } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                      }
                    }));
    assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> canvases.draw(36, 64, canvas -> canvas))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("interrupted while waiting to draw");
      assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
    } finally {
      release.countDown();
      holder.join(TimeUnit.SECONDS.toMillis(30));
    }
  }
}
