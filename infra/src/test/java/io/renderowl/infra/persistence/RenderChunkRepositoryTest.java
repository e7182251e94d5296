package io.renderowl.infra.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderowl.workflows.RenderState;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(
    value = 2,
    unit =
        TimeUnit
            .MINUTES) // embedded PostgreSQL (a child process) shared through TestDatabase; seconds
class RenderChunkRepositoryTest {

  private static DataSource dataSource;
  private static RenderChunkRepository chunks;
  private static RenderRepository renders;

  @BeforeAll
  static void migrate() {
    dataSource = TestDatabase.migrated();
    chunks = new RenderChunkRepository(dataSource);
    renders = new RenderRepository(dataSource);
  }

  private static UUID newRender() {
    UUID user = Users.newUser(dataSource, 0);
    UUID timeline = TimelineRepositoryTest.saveSmallTimeline(dataSource, user);
    return renders
        .createOrGet(PipelineRunRepositoryTest.newRunId(), timeline, user, "1280x720")
        .id();
  }

  @Test
  void aChunkIsStartedThenCompletedWithItsKey() {
    UUID render = newRender();

    RenderChunkRow started = chunks.start(render, 1, 300, 300, "libx264", "worker-a");
    chunks.complete(render, 1, "runs/r/chunks/1.mp4");

    assertThat(started.status()).isEqualTo(RenderState.RENDERING);
    assertThat(started.attempts()).isEqualTo(1);
    RenderChunkRow done = chunks.find(render, 1).orElseThrow();
    assertThat(done.completed()).isTrue();
    assertThat(done.storageKey()).isEqualTo("runs/r/chunks/1.mp4");
    assertThat(done.firstFrame()).isEqualTo(300);
    assertThat(done.frameCount()).isEqualTo(300);
    assertThat(done.workerIdentity()).isEqualTo("worker-a");
    assertThat(done.completedAt()).isAfterOrEqualTo(done.startedAt());
    assertThat(chunks.countCompleted(render)).isEqualTo(1);
  }

  @Test
  void startingAgainCountsTheAttemptAndForgetsTheEarlierOutcome() {
    UUID render = newRender();
    chunks.start(render, 0, 0, 100, "h264_nvenc", "gpu-worker");
    chunks.fail(render, 0, "worker stopped");

    RenderChunkRow again = chunks.start(render, 0, 0, 100, "libx264", "cpu-worker");

    assertThat(again.attempts()).isEqualTo(2);
    assertThat(again.status()).isEqualTo(RenderState.RENDERING);
    assertThat(again.errorMessage()).isNull();
    assertThat(again.encoder()).isEqualTo("libx264");
    assertThat(again.workerIdentity()).isEqualTo("cpu-worker");
  }

  @Test
  void aCompletedChunkIsNotMarkedFailedAndChunksListInOrder() {
    UUID render = newRender();
    chunks.start(render, 1, 50, 50, "libx264", "w");
    chunks.start(render, 0, 0, 50, "libx264", "w");
    chunks.complete(render, 0, "k0");
    chunks.fail(render, 0, "late failure report");

    assertThat(chunks.findByRender(render))
        .extracting(RenderChunkRow::chunkIndex)
        .containsExactly(0, 1);
    assertThat(chunks.find(render, 0).orElseThrow().completed()).isTrue();
    assertThat(chunks.find(UUID.randomUUID(), 0)).isEmpty();
  }
}
