package io.renderowl.infra.persistence;

import static org.assertj.core.api.Assertions.assertThat;

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
class PublicationRepositoryTest {

  private static DataSource dataSource;
  private static PublicationRepository publications;

  @BeforeAll
  static void migrate() {
    dataSource = TestDatabase.migrated();
    publications = new PublicationRepository(dataSource);
  }

  @Test
  void aRunIsPublishedOncePerPlatform() {
    UUID user = Users.newUser(dataSource, 0);
    String runId = PipelineRunRepositoryTest.newRunId();
    new PipelineRunRepository(dataSource).insertIfAbsent(runId, user, "owls", "{}");
    UUID timeline = TimelineRepositoryTest.saveSmallTimeline(dataSource, user);
    UUID render = new RenderRepository(dataSource).createOrGet(runId, timeline, user, "1080p").id();

    PublicationRow first =
        publications.insertIfAbsent(
            runId, user, render, "local-folder", "/out/a.mp4", "{\"size\": 1}");
    PublicationRow again =
        publications.insertIfAbsent(runId, user, render, "local-folder", "/out/b.mp4", null);
    PublicationRow other =
        publications.insertIfAbsent(runId, user, render, "youtube", "https://youtu.be/x", null);

    assertThat(again).isEqualTo(first);
    assertThat(first.location()).isEqualTo("/out/a.mp4");
    assertThat(first.metadataJson()).isEqualTo("{\"size\": 1}");
    assertThat(first.publishedAt()).isNotNull();
    assertThat(publications.find(runId, "youtube")).contains(other);
    assertThat(publications.findByRun(runId)).containsExactlyInAnyOrder(first, other);
  }
}
