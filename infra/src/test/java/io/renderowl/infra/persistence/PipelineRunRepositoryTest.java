package io.renderowl.infra.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renderowl.workflows.RunState;
import java.util.NoSuchElementException;
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
class PipelineRunRepositoryTest {

  private static DataSource dataSource;
  private static PipelineRunRepository runs;

  @BeforeAll
  static void migrate() {
    dataSource = TestDatabase.migrated();
    runs = new PipelineRunRepository(dataSource);
  }

  @Test
  void insertIfAbsentInsertsOnce() {
    UUID user = Users.newUser(dataSource, 0);
    String runId = newRunId();

    assertThat(runs.insertIfAbsent(runId, user, "owls", "{\"topic\":\"owls\"}")).isTrue();
    assertThat(runs.insertIfAbsent(runId, user, "owls", "{\"topic\":\"owls\"}")).isFalse();

    assertThat(runs.find(runId))
        .hasValueSatisfying(run -> assertThat(run.status()).isEqualTo(RunState.QUEUED))
        .hasValueSatisfying(
            run -> assertThat(run.requestJson()).isEqualTo("{\"topic\": \"owls\"}"));
    assertThat(runs.countForUser(user)).isEqualTo(1);
  }

  @Test
  void twoUsersRunsStaySeparate() {
    UUID alice = Users.newUser(dataSource, 0);
    UUID bob = Users.newUser(dataSource, 0);
    String aliceRun = newRunId();
    runs.insertIfAbsent(aliceRun, alice, "owls", "{}");
    runs.insertIfAbsent(newRunId(), bob, "bats", "{}");
    runs.insertIfAbsent(newRunId(), bob, "cats", "{}");

    assertThat(runs.countForUser(alice)).isEqualTo(1);
    assertThat(runs.countForUser(bob)).isEqualTo(2);
    assertThat(runs.findForUser(alice, aliceRun)).isPresent();
    assertThat(runs.findForUser(bob, aliceRun)).isEmpty();
  }

  @Test
  void aRunMovesThroughItsStagesToCompletion() {
    UUID user = Users.newUser(dataSource, 0);
    String runId = newRunId();
    runs.insertIfAbsent(runId, user, "owls", "{}");
    UUID timelineId = TimelineRepositoryTest.saveSmallTimeline(dataSource, user);
    RenderRow render =
        new RenderRepository(dataSource).createOrGet(runId, timelineId, user, "1080p");

    runs.stageStarted(runId, "render", "rendering 1080p");
    runs.attachTimeline(runId, timelineId);
    runs.attachRender(runId, render.id(), "videos/" + runId + ".mp4");
    runs.markCompleted(runId, "published to local-folder");
    runs.stageStarted(runId, "publish", "a late report");

    PipelineRunRow run = runs.find(runId).orElseThrow();
    assertThat(run.status()).isEqualTo(RunState.COMPLETED);
    assertThat(run.stage()).isEqualTo("completed");
    assertThat(run.message()).isEqualTo("published to local-folder");
    assertThat(run.timelineId()).isEqualTo(timelineId);
    assertThat(run.renderId()).isEqualTo(render.id());
    assertThat(run.outputKey()).isEqualTo("videos/" + runId + ".mp4");
    assertThat(run.completedAt()).isNotNull();
    assertThat(run.finished()).isTrue();
  }

  @Test
  void aFailedRunKeepsTheStageAndReason() {
    UUID user = Users.newUser(dataSource, 0);
    String runId = newRunId();
    runs.insertIfAbsent(runId, user, "owls", "{}");

    runs.stageStarted(runId, "voice", "narrating");
    runs.markFailed(runId, "voice", "TTS quota exceeded");
    runs.stageStarted(runId, "timeline", "a late report");

    PipelineRunRow run = runs.find(runId).orElseThrow();
    assertThat(run.status()).isEqualTo(RunState.FAILED);
    assertThat(run.stage()).isEqualTo("voice");
    assertThat(run.errorMessage()).isEqualTo("TTS quota exceeded");
  }

  @Test
  void updatesOfAnUnknownRunFail() {
    assertThatThrownBy(() -> runs.stageStarted("no-such-run", "script", "x"))
        .isInstanceOf(NoSuchElementException.class)
        .hasMessageContaining("no-such-run");
  }

  static String newRunId() {
    return "run-" + UUID.randomUUID();
  }
}
