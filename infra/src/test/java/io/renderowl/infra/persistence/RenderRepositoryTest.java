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
class RenderRepositoryTest {

  private static DataSource dataSource;
  private static RenderRepository renders;

  @BeforeAll
  static void migrate() {
    dataSource = TestDatabase.migrated();
    renders = new RenderRepository(dataSource);
  }

  @Test
  void createOrGetGivesOneRenderPerRun() {
    UUID user = Users.newUser(dataSource, 0);
    UUID timeline = TimelineRepositoryTest.saveSmallTimeline(dataSource, user);
    String runId = PipelineRunRepositoryTest.newRunId();

    RenderRow first = renders.createOrGet(runId, timeline, user, "1080p");
    RenderRow again = renders.createOrGet(runId, timeline, user, "1080p");

    assertThat(again).isEqualTo(first);
    assertThat(first.status()).isEqualTo(RenderState.QUEUED);
    assertThat(renders.findByRun(runId)).contains(first);
  }

  @Test
  void aRenderGoesFromQueuedToCompleted() {
    UUID user = Users.newUser(dataSource, 0);
    UUID timeline = TimelineRepositoryTest.saveSmallTimeline(dataSource, user);
    UUID id =
        renders.createOrGet(PipelineRunRepositoryTest.newRunId(), timeline, user, "720p").id();

    renders.markRendering(id);
    renders.updateProgress(id, 40);
    assertThat(renders.find(id)).hasValueSatisfying(r -> assertThat(r.progress()).isEqualTo(40));
    renders.markCompleted(id, "s3://videos/a.mp4", 10);
    renders.updateProgress(id, 70);

    RenderRow done = renders.find(id).orElseThrow();
    assertThat(done.status()).isEqualTo(RenderState.COMPLETED);
    assertThat(done.progress()).isEqualTo(100);
    assertThat(done.outputUrl()).isEqualTo("s3://videos/a.mp4");
    assertThat(done.creditsUsed()).isEqualTo(10);
    assertThat(done.startedAt()).isNotNull();
    assertThat(done.completedAt()).isAfterOrEqualTo(done.startedAt());
  }

  @Test
  void theLoudnessOfTheMixIsRecordedOnTheRenderAndSilenceIsNull() {
    UUID user = Users.newUser(dataSource, 0);
    UUID timeline = TimelineRepositoryTest.saveSmallTimeline(dataSource, user);
    UUID id =
        renders.createOrGet(PipelineRunRepositoryTest.newRunId(), timeline, user, "720p").id();
    assertThat(renders.loudness(id)).as("not measured yet").isEmpty();

    renders.recordLoudness(id, RenderLoudness.of(-19.7, -4.2, 5.7, true, -14.1, -1.0));
    assertThat(renders.loudness(id))
        .contains(new RenderLoudness(-19.7, -4.2, 5.7, true, -14.1, -1.0));

    double silence = Double.NEGATIVE_INFINITY;
    renders.recordLoudness(id, RenderLoudness.of(silence, silence, 0, false, silence, silence));
    assertThat(renders.loudness(id))
        .contains(new RenderLoudness(null, null, 0.0, false, null, null));
  }

  @Test
  void aFailedRenderKeepsTheError() {
    UUID user = Users.newUser(dataSource, 0);
    UUID timeline = TimelineRepositoryTest.saveSmallTimeline(dataSource, user);
    UUID id =
        renders.createOrGet(PipelineRunRepositoryTest.newRunId(), timeline, user, "720p").id();

    renders.markFailed(id, "encoder crashed");

    assertThat(renders.find(id))
        .hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(RenderState.FAILED))
        .hasValueSatisfying(r -> assertThat(r.errorMessage()).isEqualTo("encoder crashed"));
  }
}
