package io.renderowl.infra.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renderowl.workflows.timeline.ClipDocument;
import io.renderowl.workflows.timeline.TimelineDocument;
import io.renderowl.workflows.timeline.TrackDocument;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.jdbc.core.simple.JdbcClient;

@Timeout(
    value = 2,
    unit =
        TimeUnit
            .MINUTES) // embedded PostgreSQL (a child process) shared through TestDatabase; seconds
class TimelineRepositoryTest {

  private static DataSource dataSource;
  private static TimelineRepository timelines;

  @BeforeAll
  static void migrate() {
    dataSource = TestDatabase.migrated();
    timelines = new TimelineRepository(dataSource);
  }

  @Test
  void aTimelineWithThreeTracksLoadsAsSaved() {
    UUID user = Users.newUser(dataSource, 0);
    TimelineDocument doc = threeTrackTimeline(UUID.randomUUID().toString());

    UUID id = timelines.save(user, doc);

    assertThat(id.toString()).isEqualTo(doc.id());
    assertThat(timelines.load(id)).isEqualTo(doc);
    assertThat(timelines.clipCount(id)).isEqualTo(5);
  }

  @Test
  void theSeedColumnsHoldWholeSecondsAndTheResolution() {
    UUID id = timelines.save(Users.newUser(dataSource, 0), threeTrackTimeline("not-a-uuid"));

    Map<String, Object> row =
        JdbcClient.create(dataSource)
            .sql("SELECT duration, duration_seconds, resolution FROM timelines WHERE id = :id")
            .param("id", id)
            .query()
            .singleRow();

    assertThat(row)
        .containsEntry("duration", 13)
        .containsEntry("resolution", "1080x1920")
        .containsEntry("duration_seconds", new BigDecimal("12.500"));
  }

  @Test
  void documentIdsThatAreNotUuidsAreReplaced() {
    UUID id = timelines.save(Users.newUser(dataSource, 0), threeTrackTimeline("timeline-1"));

    TimelineDocument loaded = timelines.load(id);

    assertThat(loaded.id()).isEqualTo(id.toString());
    assertThat(loaded.tracks())
        .extracting(TrackDocument::name)
        .containsExactly("visuals", "captions", "narration");
    assertThat(loaded.tracks().getFirst().clips())
        .extracting(ClipDocument::startTime)
        .containsExactly(0.0, 6.25);
  }

  @Test
  void savingTheSameTimelineAgainReplacesItsTracks() {
    UUID user = Users.newUser(dataSource, 0);
    TimelineDocument doc = threeTrackTimeline(UUID.randomUUID().toString());
    timelines.save(user, doc);

    UUID id = timelines.save(user, doc);

    assertThat(timelines.load(id)).isEqualTo(doc);
    assertThat(timelines.clipCount(id)).isEqualTo(5);
  }

  @Test
  void anotherUsersTimelineIsNotOverwritten() {
    TimelineDocument doc = threeTrackTimeline(UUID.randomUUID().toString());
    timelines.save(Users.newUser(dataSource, 0), doc);

    UUID intruder = Users.newUser(dataSource, 0);
    assertThatThrownBy(() -> timelines.save(intruder, doc))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void loadingAnUnknownTimelineSaysWhichOne() {
    UUID unknown = UUID.randomUUID();

    assertThatThrownBy(() -> timelines.load(unknown))
        .isInstanceOf(NoSuchElementException.class)
        .hasMessageContaining(unknown.toString());
  }

  /** Saves a one-clip timeline for the user and returns its id. */
  static UUID saveSmallTimeline(DataSource dataSource, UUID userId) {
    ClipDocument clip = new ClipDocument(null, "image", 0, 3, "s3://media/a.png", Map.of());
    TrackDocument track = new TrackDocument(null, "visuals", "image", 0, true, List.of(clip));
    return new TimelineRepository(dataSource)
        .save(
            userId,
            new TimelineDocument(
                null, "small", 1920, 1080, 30, "#000000", "none", 3, List.of(track)));
  }

  private static TimelineDocument threeTrackTimeline(String id) {
    TrackDocument visuals =
        new TrackDocument(
            trackId(id, "visuals"),
            "visuals",
            "image",
            0,
            true,
            List.of(
                clip(
                    id,
                    "image",
                    0,
                    6.25,
                    "s3://media/owl-1.png",
                    Map.of(
                        "fit",
                        "cover",
                        "zoomFrom",
                        1.0,
                        "zoomTo",
                        1.15,
                        "transitionIn",
                        "crossfade",
                        "transitionSeconds",
                        0.5)),
                clip(id, "image", 6.25, 6.25, "s3://media/owl-2.png", Map.of("fit", "contain"))));
    TrackDocument captions =
        new TrackDocument(
            trackId(id, "captions"),
            "captions",
            "text",
            1,
            false,
            List.of(
                clip(
                    id,
                    "text",
                    0.5,
                    5.75,
                    null,
                    Map.of(
                        "text",
                        "Owls turn their heads 270°",
                        "fontSize",
                        48,
                        "position",
                        "bottom",
                        "outline",
                        Map.of("color", "#000000", "width", 3))),
                clip(id, "text", 6.25, 6.125, null, Map.of("text", "They fly silently"))));
    TrackDocument narration =
        new TrackDocument(
            trackId(id, "narration"),
            "narration",
            "audio",
            2,
            true,
            List.of(clip(id, "audio", 0, 12.5, "s3://media/voice.mp3", Map.of("volume", 0.9))));
    return new TimelineDocument(
        id,
        "Owls",
        1080,
        1920,
        30,
        "#101010",
        "crossfade",
        12.5,
        List.of(visuals, captions, narration));
  }

  /** UUID ids when the timeline id is one, readable non-UUID ids otherwise. */
  private static String trackId(String timelineId, String name) {
    return isUuid(timelineId) ? UUID.randomUUID().toString() : name;
  }

  private static ClipDocument clip(
      String timelineId,
      String type,
      double start,
      double duration,
      String source,
      Map<String, Object> content) {
    String id = isUuid(timelineId) ? UUID.randomUUID().toString() : type + "@" + start;
    return new ClipDocument(id, type, start, duration, source, content);
  }

  private static boolean isUuid(String id) {
    return Columns.parseUuid(id).isPresent();
  }
}
