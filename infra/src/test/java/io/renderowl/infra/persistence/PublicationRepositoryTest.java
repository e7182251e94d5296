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

  @Test
  void aRunIsPostedOncePerAccountAndItsStateMovesOn() {
    UUID user = Users.newUser(dataSource, 0);
    String runId = PipelineRunRepositoryTest.newRunId();
    new PipelineRunRepository(dataSource).insertIfAbsent(runId, user, "owls", "{}");
    UUID timeline = TimelineRepositoryTest.saveSmallTimeline(dataSource, user);
    UUID render = new RenderRepository(dataSource).createOrGet(runId, timeline, user, "1080p").id();
    UUID first = account(user, "youtube");
    UUID second = account(user, "youtube");

    PublicationRow a =
        publications.open(runId, user, render, "youtube", first, "wf-a", "uploading", null);
    PublicationRow again =
        publications.open(runId, user, render, "youtube", first, "wf-other", "scheduled", null);
    PublicationRow b =
        publications.open(
            runId,
            user,
            render,
            "youtube",
            second,
            "wf-b",
            "scheduled",
            java.time.Instant.parse("2030-01-01T00:00:00Z"));
    publications.update(a.id(), "processing", "vid-1", "https://youtu.be/vid-1", null);
    publications.update(a.id(), "published", null, null, null);

    assertThat(again).isEqualTo(a);
    PublicationRow published = publications.find(runId, "youtube", first).orElseThrow();
    assertThat(published.status()).isEqualTo("published");
    assertThat(published.externalId()).isEqualTo("vid-1");
    assertThat(published.location()).isEqualTo("https://youtu.be/vid-1");
    assertThat(published.publishedAt()).isNotNull();
    assertThat(published.workflowId()).isEqualTo("wf-a");
    assertThat(publications.scheduled(user, 0, 10)).containsExactly(b);
    assertThat(publications.countScheduled(user)).isEqualTo(1);
    UUID stranger = Users.newUser(dataSource, 0);
    assertThat(publications.cancelScheduled(stranger, b.id())).isFalse();
    assertThat(publications.findForUser(stranger, b.id())).isEmpty();
    assertThat(publications.cancelScheduled(user, b.id())).isTrue();
    assertThat(publications.cancelScheduled(user, b.id())).isFalse();
    assertThat(publications.findForUser(user, b.id()).orElseThrow().status())
        .isEqualTo("cancelled");
  }

  private static UUID account(UUID user, String platform) {
    return org.springframework.jdbc.core.simple.JdbcClient.create(dataSource)
        .sql(
            "INSERT INTO social_accounts (user_id, platform, access_token) VALUES (?, ?, 'x')"
                + " RETURNING id")
        .params(user, platform)
        .query(UUID.class)
        .single();
  }
}
