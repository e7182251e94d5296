package io.renderowl.infra.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.minio.MinioClient;
import io.renderowl.infra.pipeline.AddedPart;
import io.renderowl.infra.pipeline.StoredTimeline;
import io.renderowl.infra.pipeline.TimelineEditException;
import io.renderowl.infra.pipeline.TimelineEditException.Reason;
import io.renderowl.infra.pipeline.internal.JdbcTimelines;
import io.renderowl.infra.storage.ObjectStore;
import io.renderowl.workflows.timeline.ClipDocument;
import io.renderowl.workflows.timeline.TimelineDocument;
import io.renderowl.workflows.timeline.TrackDocument;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Timeline edits on the real schema: ids, versions, validation before storing, locked tracks,
 * sources and the owner's scope. The object store is never reached: no clip here names an object of
 * its bucket (a port nothing listens on stands in).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // embedded PostgreSQL shared through TestDatabase
class JdbcTimelinesTest {

  private final DataSource dataSource = TestDatabase.migrated();
  private final ObjectStore store =
      new ObjectStore(
          MinioClient.builder().endpoint("http://127.0.0.1:9").credentials("a", "b").build(),
          "renderowl");
  private final JdbcTimelines timelines = new JdbcTimelines(dataSource, store);
  private String user;
  private String otherUser;

  @BeforeEach
  void users() {
    user = Users.newUser(dataSource, 10).toString();
    otherUser = Users.newUser(dataSource, 10).toString();
  }

  private static ClipDocument text(String id, double start, double duration, String text) {
    return new ClipDocument(id, "text", start, duration, null, Map.of("text", text));
  }

  private static TimelineDocument captions(double duration) {
    return new TimelineDocument(
        "mine",
        "Captions",
        320,
        240,
        10,
        "#000000",
        "fade",
        duration,
        List.of(
            new TrackDocument("t", "Captions", "text", 0, true, List.of(text("c", 0, 1, "Owls")))));
  }

  private StoredTimeline created() {
    return timelines.create(user, null, captions(4), Set.of());
  }

  @Test
  void aCreatedTimelineGetsNewIdsAndVersionOneAndIsOnlyItsOwners() {
    StoredTimeline t = created();

    assertThat(t.version()).isEqualTo(1);
    assertThat(UUID.fromString(t.id())).isNotNull();
    TrackDocument track = t.document().tracks().getFirst();
    assertThat(UUID.fromString(track.id())).isNotNull();
    assertThat(UUID.fromString(track.clips().getFirst().id())).isNotNull();
    assertThat(timelines.find(user, t.id())).contains(t);
    assertThat(timelines.find(otherUser, t.id())).isEmpty();
    assertThat(timelines.findByTrack(otherUser, track.id())).isEmpty();
    assertThat(timelines.list(user, null, 0, 10).rows()).extracting("id").containsExactly(t.id());
    assertThat(timelines.list(otherUser, null, 0, 10).total()).isZero();
  }

  @Test
  void aBadEditIsRefusedWithEveryProblemNamingItsTrackAndClipAndChangesNothing() {
    StoredTimeline t = created();
    String trackId = t.document().tracks().getFirst().id();

    assertThatThrownBy(
            () -> timelines.addClip(user, t.id(), trackId, text("x", 3.5, 2, "past the end")))
        .isInstanceOfSatisfying(
            TimelineEditException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.INVALID);
              assertThat(e.problems()).isNotEmpty();
              assertThat(e.problems().getFirst().trackId()).isEqualTo(trackId);
              assertThat(e.problems().getFirst().clipId()).isNotNull();
              assertThat(e.problems().getFirst().toString()).contains("track 'Captions'");
            });
    assertThatThrownBy(() ->
            timelines.addClip(
                user,
                t.id(),
                trackId,
                new ClipDocument("a", "audio", 1, 1, "/etc/passwd", Map.of())))
        .isInstanceOfSatisfying(
            TimelineEditException.class,
            e ->
                assertThat(e.problems().toString())
                    .contains("source_url must be an object of this server's storage"));
    assertThat(timelines.find(user, t.id())).contains(t);
  }

  @Test
  void mediaPathsThatCouldEscapeTheBucketOrTheWorkersFolderAreRefusedBeforeStorageIsAsked() {
    StoredTimeline t = created();
    String trackId = t.document().tracks().getFirst().id();
    Map<String, String> refused =
        Map.ofEntries(
            Map.entry("/etc/passwd", "must be an object of this server's storage"),
            Map.entry("file:///etc/passwd", "must be an object of this server's storage"),
            Map.entry("file:/etc/passwd", "must be an object of this server's storage"),
            Map.entry("../../etc/passwd", "must be an object of this server's storage"),
            Map.entry("~/.ssh/id_rsa", "must be an object of this server's storage"),
            Map.entry("s3://other-bucket/x.png", "must be an object of this server's storage"),
            Map.entry(
                "http://169.254.169.254/latest", "must be an object of this server's storage"),
            Map.entry("s3://renderowl/../other-bucket/x.png", "'..' path segments"),
            Map.entry("s3://renderowl/runs/a/../../users/b/secret.png", "'..' path segments"),
            Map.entry("s3://renderowl/runs/./x.png", "'.' path segments"),
            Map.entry("s3://renderowl//etc/passwd", "must not start its key with '/'"),
            Map.entry("s3://renderowl/runs//x.png", "empty path segments"),
            Map.entry("s3://renderowl/runs/%2e%2e/x.png", "percent-encoded"),
            Map.entry("s3://renderowl/runs/..%2Fx.png", "percent-encoded"),
            Map.entry("s3://renderowl/runs\\..\\x.png", "must not contain '\\'"),
            Map.entry("s3://renderowl/runs/a\u0000.png", "control characters"));
    refused.forEach((url, why) ->
        assertThatThrownBy(() ->
                timelines.addClip(
                    user, t.id(), trackId, new ClipDocument("a", "audio", 1, 1, url, Map.of())))
            .as(url)
            .isInstanceOfSatisfying(
                TimelineEditException.class,
                e -> {
                  assertThat(e.reason()).isEqualTo(Reason.INVALID);
                  assertThat(e.problems())
                      .filteredOn(p -> p.message().startsWith("source_url"))
                      .singleElement()
                      .satisfies(p -> {
                        assertThat(p.clipId()).isNotNull();
                        assertThat(p.message()).startsWith("source_url").contains(why);
                      });
                }));
    assertThat(timelines.find(user, t.id())).contains(t);
  }

  @Test
  void editsNameTheVersionTheyStartFromAndAStaleOneIsRefused() {
    StoredTimeline t = created();
    String clipId = t.document().tracks().getFirst().clips().getFirst().id();

    StoredTimeline edited = timelines.updateClip(user, clipId, 1, text("ignored", 0, 2, "Owls!"));
    assertThat(edited.version()).isEqualTo(2);
    assertThat(edited.document().tracks().getFirst().clips().getFirst())
        .isEqualTo(text(clipId, 0, 2, "Owls!"));
    assertThatThrownBy(() -> timelines.updateClip(user, clipId, 1, text("x", 0, 1, "late")))
        .isInstanceOfSatisfying(
            TimelineEditException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.STALE_VERSION));
    assertThatThrownBy(() -> timelines.updateClip(otherUser, clipId, 2, text("x", 0, 1, "no")))
        .isInstanceOfSatisfying(
            TimelineEditException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));

    AddedPart added =
        timelines.addClip(
            user, t.id(), edited.document().tracks().getFirst().id(), text("new", 2.5, 1, "more"));
    assertThat(added.timeline().version()).isEqualTo(3);
    StoredTimeline afterDelete = timelines.deleteClip(user, added.id(), 3);
    assertThat(afterDelete.document().tracks().getFirst().clips()).hasSize(1);
  }

  @Test
  void aLockedTrackRefusesEditsUntilItIsUnlocked() {
    StoredTimeline t = created();
    TrackDocument track = t.document().tracks().getFirst();
    String clipId = track.clips().getFirst().id();

    StoredTimeline locked = timelines.updateTrack(user, track.id(), 1, track, true);
    assertThat(locked.lockedTrackIds()).containsExactly(track.id());
    assertThatThrownBy(() -> timelines.updateClip(user, clipId, 2, text("x", 0, 1, "no")))
        .isInstanceOfSatisfying(
            TimelineEditException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.TRACK_LOCKED));
    assertThatThrownBy(() -> timelines.deleteTrack(user, track.id(), 2))
        .isInstanceOfSatisfying(
            TimelineEditException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.TRACK_LOCKED));
    TrackDocument renamed = new TrackDocument(track.id(), "Renamed", "text", 0, true, List.of());
    assertThatThrownBy(() -> timelines.updateTrack(user, track.id(), 2, renamed, true))
        .isInstanceOfSatisfying(
            TimelineEditException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.TRACK_LOCKED));

    StoredTimeline unlocked = timelines.updateTrack(user, track.id(), 2, track, false);
    assertThat(unlocked.lockedTrackIds()).isEmpty();
    assertThat(timelines.updateClip(user, clipId, 3, text("x", 0, 1, "yes")).version())
        .isEqualTo(4);
  }

  @Test
  void aReplacedDocumentKeepsItsKnownIdsAndTimelinesFileIntoProjects() {
    StoredTimeline t = created();
    var project = timelines.createProject(user, "Owls", null);
    StoredTimeline inProject = timelines.create(user, project.id(), captions(2), Set.of());

    TrackDocument track = t.document().tracks().getFirst();
    TimelineDocument longer =
        new TimelineDocument(
            t.id(),
            "Longer",
            320,
            240,
            10,
            "#000000",
            "fade",
            6,
            List.of(
                new TrackDocument(
                    track.id(),
                    "Captions",
                    "text",
                    0,
                    true,
                    List.of(track.clips().getFirst(), text("added", 4, 2, "later")))));
    StoredTimeline replaced = timelines.replace(user, t.id(), 1, longer, Set.of());

    assertThat(replaced.version()).isEqualTo(2);
    assertThat(replaced.document().name()).isEqualTo("Longer");
    assertThat(replaced.document().tracks().getFirst().id()).isEqualTo(track.id());
    assertThat(replaced.document().tracks().getFirst().clips()).hasSize(2);
    assertThat(timelines.list(user, project.id(), 0, 10).rows())
        .extracting("id")
        .containsExactly(inProject.id());
    assertThat(timelines.projects(user, 0, 10).total()).isEqualTo(1);
    assertThat(timelines.projects(otherUser, 0, 10).total()).isZero();
    assertThatThrownBy(() -> timelines.create(otherUser, project.id(), captions(2), Set.of()))
        .isInstanceOfSatisfying(
            TimelineEditException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));

    timelines.delete(user, t.id(), 2);
    assertThat(timelines.find(user, t.id())).isEmpty();
  }
}
