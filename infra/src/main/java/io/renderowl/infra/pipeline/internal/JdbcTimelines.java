package io.renderowl.infra.pipeline.internal;

import io.renderowl.infra.json.Json;
import io.renderowl.infra.pipeline.AddedPart;
import io.renderowl.infra.pipeline.PageOf;
import io.renderowl.infra.pipeline.Project;
import io.renderowl.infra.pipeline.StoredTimeline;
import io.renderowl.infra.pipeline.TimelineEditException;
import io.renderowl.infra.pipeline.TimelineEditException.Reason;
import io.renderowl.infra.pipeline.TimelineSummary;
import io.renderowl.infra.pipeline.Timelines;
import io.renderowl.infra.storage.ObjectStore;
import io.renderowl.workflows.RenderState;
import io.renderowl.workflows.timeline.ClipDocument;
import io.renderowl.workflows.timeline.TimelineDocument;
import io.renderowl.workflows.timeline.TimelineProblem;
import io.renderowl.workflows.timeline.TimelineValidator;
import io.renderowl.workflows.timeline.TrackDocument;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;

/**
 * {@link Timelines} on the seed's {@code timelines}, {@code tracks}, {@code clips} and {@code
 * projects} tables. An edit locks the timeline row, rebuilds the document, applies the change to
 * it, validates the result (structure, then the sources of the clips it adds or changes: objects of
 * this server's bucket that exist) and only then writes the change and the next version, all in one
 * transaction.
 */
public final class JdbcTimelines implements Timelines {

  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final TransactionTemplate transaction;
  private final ObjectStore store;

  public JdbcTimelines(DataSource dataSource, ObjectStore store) {
    this.jdbc = JdbcClient.create(dataSource);
    this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    this.store = store;
  }

  // ---- reads ----

  @Override
  public PageOf<TimelineSummary> list(
      String userId, @Nullable String projectId, long offset, int limit) {
    UUID user = UUID.fromString(userId);
    Optional<UUID> project = projectId == null ? Optional.empty() : uuid(projectId);
    if (projectId != null && project.isEmpty()) {
      return new PageOf<>(List.of(), 0);
    }
    String where =
        " WHERE user_id = :user" + (project.isPresent() ? " AND project_id = :project" : "");
    var count = jdbc.sql("SELECT count(*) FROM timelines" + where).param("user", user);
    var rows =
        jdbc.sql(
                "SELECT * FROM timelines"
                    + where
                    + " ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset")
            .param("user", user)
            .param("limit", limit)
            .param("offset", offset);
    if (project.isPresent()) {
      count = count.param("project", project.get());
      rows = rows.param("project", project.get());
    }
    long total = count.query(Long.class).single();
    List<TimelineSummary> list =
        rows.query((rs, n) ->
                new TimelineSummary(
                    rs.getObject("id", UUID.class).toString(),
                    idOrNull(rs, "project_id"),
                    rs.getString("name"),
                    rs.getString("resolution"),
                    rs.getInt("fps"),
                    duration(rs),
                    Objects.requireNonNullElse(rs.getString("status"), "draft"),
                    rs.getLong("version"),
                    instant(rs, "created_at"),
                    instant(rs, "updated_at")))
            .list();
    return new PageOf<>(list, total);
  }

  @Override
  public Optional<StoredTimeline> find(String userId, String timelineId) {
    Optional<UUID> id = uuid(timelineId);
    if (id.isEmpty()) {
      return Optional.empty();
    }
    return transaction.execute(status -> load(UUID.fromString(userId), id.get(), false));
  }

  @Override
  public Optional<StoredTimeline> findByTrack(String userId, String trackId) {
    return uuid(trackId)
        .flatMap(id ->
            jdbc.sql("SELECT timeline_id FROM tracks WHERE id = :id")
                .param("id", id)
                .query(UUID.class)
                .optional())
        .flatMap(timelineId -> find(userId, timelineId.toString()));
  }

  @Override
  public Optional<StoredTimeline> findByClip(String userId, String clipId) {
    return uuid(clipId)
        .flatMap(id ->
            jdbc.sql(
                    "SELECT t.timeline_id FROM clips c JOIN tracks t ON t.id = c.track_id"
                        + " WHERE c.id = :id")
                .param("id", id)
                .query(UUID.class)
                .optional())
        .flatMap(timelineId -> find(userId, timelineId.toString()));
  }

  @Override
  public PageOf<Project> projects(String userId, long offset, int limit) {
    UUID user = UUID.fromString(userId);
    long total =
        jdbc.sql("SELECT count(*) FROM projects WHERE user_id = :user")
            .param("user", user)
            .query(Long.class)
            .single();
    List<Project> rows =
        jdbc.sql(
                "SELECT * FROM projects WHERE user_id = :user"
                    + " ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset")
            .param("user", user)
            .param("limit", limit)
            .param("offset", offset)
            .query((rs, n) -> project(rs))
            .list();
    return new PageOf<>(rows, total);
  }

  @Override
  public Project createProject(String userId, String name, @Nullable String description) {
    return jdbc.sql(
            "INSERT INTO projects (user_id, name, description) VALUES (:user, :name, :description)"
                + " RETURNING *")
        .param("user", UUID.fromString(userId))
        .param("name", name)
        .param("description", description)
        .query((rs, n) -> project(rs))
        .single();
  }

  // ---- whole timelines ----

  @Override
  public StoredTimeline create(
      String userId,
      @Nullable String projectId,
      TimelineDocument document,
      Set<String> lockedTrackIds) {
    UUID user = UUID.fromString(userId);
    UUID project = projectId == null ? null : ownedProject(user, projectId);
    Renamed renamed =
        renamed(document, UUID.randomUUID().toString(), lockedTrackIds, Set.of(), Set.of());
    check(renamed.document(), renamed.document().tracks());
    UUID id = UUID.fromString(renamed.document().id());
    return Objects.requireNonNull(
        transaction.execute(status -> {
          TimelineDocument doc = renamed.document();
          jdbc.sql(
                  """
                  INSERT INTO timelines (id, user_id, project_id, name, duration,
                                         duration_seconds, resolution, fps, background_color,
                                         transition_type, version)
                  VALUES (:id, :user, :project, :name, :duration, :durationSeconds,
                          :resolution, :fps, :background, :transition, 1)
                  """)
              .param("id", id)
              .param("user", user)
              .param("project", project)
              .param("name", doc.name())
              .param("duration", (int) Math.ceil(doc.durationSeconds()))
              .param("durationSeconds", BigDecimal.valueOf(doc.durationSeconds()))
              .param("resolution", doc.width() + "x" + doc.height())
              .param("fps", doc.fps())
              .param("background", doc.backgroundColor())
              .param("transition", doc.transitionType())
              .update();
          insertTracks(id, doc.tracks(), renamed.locked());
          return load(user, id, false).orElseThrow();
        }));
  }

  @Override
  public StoredTimeline replace(
      String userId,
      String timelineId,
      long expectedVersion,
      TimelineDocument document,
      Set<String> lockedTrackIds) {
    return edit(
        userId,
        timelineId,
        expectedVersion,
        current -> {
          Set<String> trackIds = new HashSet<>();
          Set<String> clipIds = new HashSet<>();
          for (TrackDocument t : current.document().tracks()) {
            trackIds.add(t.id());
            t.clips().forEach(c -> clipIds.add(c.id()));
          }
          Renamed renamed = renamed(document, current.id(), lockedTrackIds, trackIds, clipIds);
          TimelineDocument doc = renamed.document();
          for (TrackDocument before : current.document().tracks()) {
            if (!current.lockedTrackIds().contains(before.id())) {
              continue;
            }
            Optional<TrackDocument> after =
                doc.tracks().stream().filter(t -> t.id().equals(before.id())).findFirst();
            if (after.isEmpty() || !sameTrack(before, after.get())) {
              throw locked(before);
            }
          }
          Set<String> changedClips = changedClips(current.document(), doc);
          return new Change(
              doc,
              doc.tracks().stream()
                  .map(t ->
                      new TrackDocument(
                          t.id(),
                          t.name(),
                          t.type(),
                          t.order(),
                          t.visible(),
                          t.clips().stream().filter(c -> changedClips.contains(c.id())).toList()))
                  .toList(),
              id -> {
                jdbc.sql("DELETE FROM tracks WHERE timeline_id = :id").param("id", id).update();
                insertTracks(id, doc.tracks(), renamed.locked());
              });
        });
  }

  @Override
  public void delete(String userId, String timelineId, long expectedVersion) {
    UUID user = UUID.fromString(userId);
    UUID id = uuid(timelineId).orElseThrow(() -> notFound("timeline", timelineId));
    transaction.executeWithoutResult(status -> {
      StoredTimeline current =
          load(user, id, true).orElseThrow(() -> notFound("timeline", timelineId));
      requireVersion(current, expectedVersion);
      requireNotRendering(id);
      jdbc.sql("DELETE FROM timelines WHERE id = :id AND user_id = :user")
          .param("id", id)
          .param("user", user)
          .update();
    });
  }

  // ---- tracks ----

  @Override
  public AddedPart addTrack(String userId, String timelineId, TrackDocument track, boolean locked) {
    UUID trackId = UUID.randomUUID();
    StoredTimeline edited =
        edit(
            userId,
            timelineId,
            null,
            current -> {
              List<ClipDocument> clips =
                  track.clips().stream().map(c -> withId(c, UUID.randomUUID().toString())).toList();
              TrackDocument added =
                  new TrackDocument(
                      trackId.toString(),
                      track.name(),
                      track.type(),
                      track.order(),
                      track.visible(),
                      clips);
              List<TrackDocument> tracks = new ArrayList<>(current.document().tracks());
              tracks.add(added);
              return new Change(
                  withTracks(current.document(), tracks),
                  List.of(added),
                  id -> insertTracks(id, List.of(added), locked ? Set.of(added.id()) : Set.of()));
            });
    return new AddedPart(edited, trackId.toString());
  }

  @Override
  public StoredTimeline updateTrack(
      String userId, String trackId, long expectedVersion, TrackDocument track, boolean locked) {
    StoredTimeline owner =
        findByTrack(userId, trackId).orElseThrow(() -> notFound("track", trackId));
    return edit(
        userId,
        owner.id(),
        expectedVersion,
        current -> {
          TrackDocument before = track(current, trackId);
          TrackDocument after =
              new TrackDocument(
                  before.id(),
                  track.name(),
                  track.type(),
                  track.order(),
                  track.visible(),
                  before.clips());
          if (current.lockedTrackIds().contains(before.id()) && !sameFields(before, after)) {
            throw locked(before);
          }
          List<TrackDocument> tracks =
              current.document().tracks().stream()
                  .map(t -> t.id().equals(trackId) ? after : t)
                  .toList();
          return new Change(
              withTracks(current.document(), tracks),
              List.of(),
              id ->
                  jdbc.sql(
                          """
                          UPDATE tracks SET name = :name, type = :type, "order" = :order,
                                            is_visible = :visible, is_locked = :locked
                          WHERE id = :id
                          """)
                      .param("id", UUID.fromString(trackId))
                      .param("name", after.name())
                      .param("type", after.type())
                      .param("order", after.order())
                      .param("visible", after.visible())
                      .param("locked", locked)
                      .update());
        });
  }

  @Override
  public StoredTimeline deleteTrack(String userId, String trackId, long expectedVersion) {
    StoredTimeline owner =
        findByTrack(userId, trackId).orElseThrow(() -> notFound("track", trackId));
    return edit(
        userId,
        owner.id(),
        expectedVersion,
        current -> {
          TrackDocument before = track(current, trackId);
          if (current.lockedTrackIds().contains(before.id())) {
            throw locked(before);
          }
          List<TrackDocument> tracks =
              current.document().tracks().stream().filter(t -> !t.id().equals(trackId)).toList();
          return new Change(
              withTracks(current.document(), tracks),
              List.of(),
              id ->
                  jdbc.sql("DELETE FROM tracks WHERE id = :id")
                      .param("id", UUID.fromString(trackId))
                      .update());
        });
  }

  // ---- clips ----

  @Override
  public AddedPart addClip(String userId, String timelineId, String trackId, ClipDocument clip) {
    String clipId = UUID.randomUUID().toString();
    StoredTimeline edited =
        edit(
            userId,
            timelineId,
            null,
            current -> {
              TrackDocument before = track(current, trackId);
              if (current.lockedTrackIds().contains(before.id())) {
                throw locked(before);
              }
              ClipDocument added = withId(clip, clipId);
              List<ClipDocument> clips = new ArrayList<>(before.clips());
              clips.add(added);
              TrackDocument after = withClips(before, clips);
              return new Change(
                  replaceTrack(current.document(), after),
                  List.of(withClips(before, List.of(added))),
                  id -> insertClip(UUID.fromString(trackId), added));
            });
    return new AddedPart(edited, clipId);
  }

  @Override
  public StoredTimeline updateClip(
      String userId, String clipId, long expectedVersion, ClipDocument clip) {
    StoredTimeline owner = findByClip(userId, clipId).orElseThrow(() -> notFound("clip", clipId));
    return edit(
        userId,
        owner.id(),
        expectedVersion,
        current -> {
          TrackDocument before = trackOfClip(current, clipId);
          if (current.lockedTrackIds().contains(before.id())) {
            throw locked(before);
          }
          ClipDocument changed = withId(clip, clipId);
          TrackDocument after =
              withClips(
                  before,
                  before.clips().stream().map(c -> c.id().equals(clipId) ? changed : c).toList());
          return new Change(
              replaceTrack(current.document(), after),
              List.of(withClips(before, List.of(changed))),
              id ->
                  jdbc.sql(
                          """
                          UPDATE clips SET type = :type, start_time = :start, duration = :duration,
                                           source_url = :source, content = CAST(:content AS jsonb),
                                           updated_at = NOW()
                          WHERE id = :id
                          """)
                      .param("id", UUID.fromString(clipId))
                      .param("type", changed.type())
                      .param("start", BigDecimal.valueOf(changed.startTime()))
                      .param("duration", BigDecimal.valueOf(changed.duration()))
                      .param("source", changed.sourceUrl())
                      .param("content", Json.MAPPER.writeValueAsString(changed.content()))
                      .update());
        });
  }

  @Override
  public StoredTimeline deleteClip(String userId, String clipId, long expectedVersion) {
    StoredTimeline owner = findByClip(userId, clipId).orElseThrow(() -> notFound("clip", clipId));
    return edit(
        userId,
        owner.id(),
        expectedVersion,
        current -> {
          TrackDocument before = trackOfClip(current, clipId);
          if (current.lockedTrackIds().contains(before.id())) {
            throw locked(before);
          }
          TrackDocument after =
              withClips(
                  before, before.clips().stream().filter(c -> !c.id().equals(clipId)).toList());
          return new Change(
              replaceTrack(current.document(), after),
              List.of(),
              id ->
                  jdbc.sql("DELETE FROM clips WHERE id = :id")
                      .param("id", UUID.fromString(clipId))
                      .update());
        });
  }

  // ---- the edit ----

  /**
   * A change of a timeline.
   *
   * @param document the whole timeline after the change, validated before {@code write} runs
   * @param sourcesToCheck tracks with the clips whose sources are new or changed
   * @param write writes the change (given the timeline id)
   */
  private record Change(
      TimelineDocument document,
      List<TrackDocument> sourcesToCheck,
      java.util.function.Consumer<UUID> write) {}

  private StoredTimeline edit(
      String userId,
      String timelineId,
      @Nullable Long expectedVersion,
      Function<StoredTimeline, Change> change) {
    UUID user = UUID.fromString(userId);
    UUID id = uuid(timelineId).orElseThrow(() -> notFound("timeline", timelineId));
    return Objects.requireNonNull(
        transaction.execute(status -> {
          StoredTimeline current =
              load(user, id, true).orElseThrow(() -> notFound("timeline", timelineId));
          if (expectedVersion != null) {
            requireVersion(current, expectedVersion);
          }
          requireNotRendering(id);
          Change c = change.apply(current);
          check(c.document(), c.sourcesToCheck());
          c.write().accept(id);
          TimelineDocument doc = c.document();
          jdbc.sql(
                  """
                  UPDATE timelines SET name = :name, duration = :duration,
                      duration_seconds = :durationSeconds, resolution = :resolution,
                      fps = :fps, background_color = :background,
                      transition_type = :transition, version = version + 1,
                      updated_at = NOW()
                  WHERE id = :id
                  """)
              .param("id", id)
              .param("name", doc.name())
              .param("duration", (int) Math.ceil(doc.durationSeconds()))
              .param("durationSeconds", BigDecimal.valueOf(doc.durationSeconds()))
              .param("resolution", doc.width() + "x" + doc.height())
              .param("fps", doc.fps())
              .param("background", doc.backgroundColor())
              .param("transition", doc.transitionType())
              .update();
          return load(user, id, false).orElseThrow();
        }));
  }

  /**
   * Refuses a timeline that cannot be rendered as stored (its structure or any of its sources).
   *
   * @throws TimelineEditException INVALID listing every problem
   */
  public void requireRenderable(TimelineDocument document) {
    check(document, document.tracks());
  }

  /** Structure of the whole document, then the sources of the given clips. */
  private void check(TimelineDocument document, List<TrackDocument> sources) {
    List<TimelineProblem> problems = new ArrayList<>(TimelineValidator.problems(document));
    for (TrackDocument track : sources) {
      for (ClipDocument clip : track.clips()) {
        String problem = sourceProblem(clip.sourceUrl());
        if (problem != null) {
          problems.add(new TimelineProblem(track.id(), track.name(), clip.id(), problem));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new TimelineEditException(
          Reason.INVALID,
          "The timeline has "
              + problems.size()
              + " problem"
              + (problems.size() == 1 ? "" : "s")
              + "; nothing was changed",
          problems);
    }
  }

  /**
   * Media of timelines edited over the API lives in this server's object store: a local path or a
   * web address would let a caller read the server's files or reach its network.
   */
  private @Nullable String sourceProblem(@Nullable String url) {
    if (url == null || url.isBlank()) {
      return null;
    }
    String prefix = "s3://" + store.bucket() + "/";
    String trimmed = url.strip();
    if (!trimmed.startsWith(prefix) || trimmed.length() == prefix.length()) {
      return "source_url must be an object of this server's storage ("
          + prefix
          + "KEY), got '"
          + shorten(trimmed)
          + "'";
    }
    String keyProblem = keyProblem(trimmed.substring(prefix.length()));
    if (keyProblem != null) {
      return "source_url " + keyProblem + ", got '" + shorten(trimmed) + "'";
    }
    if (!store.exists(store.keyOf(trimmed))) {
      return "source_url " + shorten(trimmed) + " does not exist in storage";
    }
    return null;
  }

  /**
   * Why an object key may not be used as a timeline's media, or null when it is a plain key. A key
   * with {@code .} or {@code ..} segments, empty segments, backslashes, control characters or
   * percent-encoded dots, slashes and backslashes may be read as another key by the object store's
   * or an HTTP client's path handling (RFC 3986 dot-segment removal), or as a path outside the
   * worker's folder by code that writes keys to disk.
   */
  static @Nullable String keyProblem(String key) {
    if (key.startsWith("/")) {
      return "must not start its key with '/'";
    }
    if (key.indexOf('\\') >= 0) {
      return "must not contain '\\'";
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return "must not contain control characters";
      }
    }
    String lower = key.toLowerCase(java.util.Locale.ROOT);
    for (String encoded : List.of("%2e", "%2f", "%5c", "%00")) {
      if (lower.contains(encoded)) {
        return "must not contain percent-encoded dots, slashes or backslashes (" + encoded + ")";
      }
    }
    for (String segment : key.split("/", -1)) {
      if (segment.equals("..") || segment.equals(".")) {
        return "must not contain '" + segment + "' path segments (no escaping its folder)";
      }
      if (segment.isEmpty()) {
        return "must not contain empty path segments ('//' or a trailing '/')";
      }
    }
    return null;
  }

  private static String shorten(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }

  private static void requireVersion(StoredTimeline current, long expectedVersion) {
    if (current.version() != expectedVersion) {
      throw new TimelineEditException(
          Reason.STALE_VERSION,
          "Timeline "
              + current.id()
              + " is at version "
              + current.version()
              + ", not "
              + expectedVersion
              + ": read it again and reapply the change");
    }
  }

  private void requireNotRendering(UUID timelineId) {
    long running =
        jdbc.sql(
                "SELECT count(*) FROM renders WHERE timeline_id = :id"
                    + " AND status IN (:queued, :rendering)")
            .param("id", timelineId)
            .param("queued", RenderState.QUEUED.label())
            .param("rendering", RenderState.RENDERING.label())
            .query(Long.class)
            .single();
    if (running > 0) {
      throw new TimelineEditException(
          Reason.RENDERING,
          "Timeline "
              + timelineId
              + " is being rendered; cancel the render or wait for it to end before editing");
    }
  }

  // ---- loading and writing rows ----

  private Optional<StoredTimeline> load(UUID user, UUID id, boolean forUpdate) {
    Optional<TimelineRow> row =
        jdbc.sql(
                "SELECT * FROM timelines WHERE id = :id AND user_id = :user"
                    + (forUpdate ? " FOR UPDATE" : ""))
            .param("id", id)
            .param("user", user)
            .query((rs, n) -> timelineRow(rs))
            .optional();
    if (row.isEmpty()) {
      return Optional.empty();
    }
    Map<UUID, List<ClipDocument>> clipsByTrack = new LinkedHashMap<>();
    jdbc.sql(
            """
            SELECT c.* FROM clips c JOIN tracks t ON t.id = c.track_id
            WHERE t.timeline_id = :id ORDER BY c.start_time, c.id
            """)
        .param("id", id)
        .query(rs -> {
          clipsByTrack
              .computeIfAbsent(rs.getObject("track_id", UUID.class), k -> new ArrayList<>())
              .add(
                  new ClipDocument(
                      rs.getObject("id", UUID.class).toString(),
                      rs.getString("type"),
                      rs.getDouble("start_time"),
                      rs.getDouble("duration"),
                      rs.getString("source_url"),
                      content(rs.getString("content"))));
        });
    Set<String> locked = new HashSet<>();
    List<TrackDocument> tracks =
        jdbc.sql("SELECT * FROM tracks WHERE timeline_id = :id ORDER BY \"order\", id")
            .param("id", id)
            .query((rs, n) -> {
              UUID trackId = rs.getObject("id", UUID.class);
              if (rs.getBoolean("is_locked")) {
                locked.add(trackId.toString());
              }
              return new TrackDocument(
                  trackId.toString(),
                  rs.getString("name"),
                  rs.getString("type"),
                  rs.getInt("order"),
                  rs.getBoolean("is_visible"),
                  clipsByTrack.getOrDefault(trackId, List.of()));
            })
            .list();
    TimelineRow r = row.get();
    String[] size = r.resolution().split("x");
    TimelineDocument doc =
        new TimelineDocument(
            id.toString(),
            r.name(),
            Integer.parseInt(size[0]),
            Integer.parseInt(size[1]),
            r.fps(),
            r.backgroundColor(),
            r.transitionType(),
            r.duration(),
            tracks);
    return Optional.of(
        new StoredTimeline(
            id.toString(), r.projectId(), r.version(), doc, locked, r.createdAt(), r.updatedAt()));
  }

  private record TimelineRow(
      @Nullable String projectId,
      String name,
      String resolution,
      int fps,
      String backgroundColor,
      String transitionType,
      double duration,
      long version,
      Instant createdAt,
      Instant updatedAt) {}

  private static TimelineRow timelineRow(ResultSet rs) throws SQLException {
    return new TimelineRow(
        idOrNull(rs, "project_id"),
        rs.getString("name"),
        rs.getString("resolution"),
        rs.getInt("fps"),
        rs.getString("background_color"),
        rs.getString("transition_type"),
        duration(rs),
        rs.getLong("version"),
        instant(rs, "created_at"),
        instant(rs, "updated_at"));
  }

  private void insertTracks(UUID timelineId, Collection<TrackDocument> tracks, Set<String> locked) {
    for (TrackDocument track : tracks) {
      UUID trackId = UUID.fromString(track.id());
      jdbc.sql(
              """
              INSERT INTO tracks (id, timeline_id, name, type, "order", is_visible, is_locked)
              VALUES (:id, :timelineId, :name, :type, :order, :visible, :locked)
              """)
          .param("id", trackId)
          .param("timelineId", timelineId)
          .param("name", track.name())
          .param("type", track.type())
          .param("order", track.order())
          .param("visible", track.visible())
          .param("locked", locked.contains(track.id()))
          .update();
      track.clips().forEach(clip -> insertClip(trackId, clip));
    }
  }

  private void insertClip(UUID trackId, ClipDocument clip) {
    jdbc.sql(
            """
            INSERT INTO clips (id, track_id, type, start_time, duration, source_url, content)
            VALUES (:id, :trackId, :type, :start, :duration, :source, CAST(:content AS jsonb))
            """)
        .param("id", UUID.fromString(clip.id()))
        .param("trackId", trackId)
        .param("type", clip.type())
        .param("start", BigDecimal.valueOf(clip.startTime()))
        .param("duration", BigDecimal.valueOf(clip.duration()))
        .param("source", clip.sourceUrl())
        .param("content", Json.MAPPER.writeValueAsString(clip.content()))
        .update();
  }

  private UUID ownedProject(UUID user, String projectId) {
    Optional<UUID> id = uuid(projectId);
    boolean owned =
        id.isPresent()
            && jdbc.sql("SELECT count(*) FROM projects WHERE id = :id AND user_id = :user")
                    .param("id", id.get())
                    .param("user", user)
                    .query(Long.class)
                    .single()
                > 0;
    if (!owned) {
      throw notFound("project", projectId);
    }
    return id.get();
  }

  // ---- document helpers ----

  /** A document whose ids are UUIDs: known ones kept, the rest new. */
  private record Renamed(TimelineDocument document, Set<String> locked) {}

  private static Renamed renamed(
      TimelineDocument doc,
      String timelineId,
      Set<String> lockedTrackIds,
      Set<String> knownTracks,
      Set<String> knownClips) {
    Map<String, String> newIds = new HashMap<>();
    Set<String> locked = new HashSet<>();
    Set<String> seenClips = new HashSet<>();
    List<TrackDocument> tracks = new ArrayList<>();
    for (TrackDocument t : doc.tracks()) {
      String trackId =
          t.id() != null && knownTracks.contains(t.id()) && !newIds.containsValue(t.id())
              ? t.id()
              : UUID.randomUUID().toString();
      newIds.put(String.valueOf(t.id()), trackId);
      if (lockedTrackIds.contains(t.id())) {
        locked.add(trackId);
      }
      List<ClipDocument> clips = new ArrayList<>();
      for (ClipDocument c : t.clips()) {
        String clipId =
            c.id() != null && knownClips.contains(c.id()) && seenClips.add(c.id())
                ? c.id()
                : UUID.randomUUID().toString();
        clips.add(withId(c, clipId));
      }
      tracks.add(new TrackDocument(trackId, t.name(), t.type(), t.order(), t.visible(), clips));
    }
    return new Renamed(withTracks(withId(doc, timelineId), tracks), locked);
  }

  /** Ids of the clips of {@code after} that are new or differ from {@code before}. */
  private static Set<String> changedClips(TimelineDocument before, TimelineDocument after) {
    Map<String, ClipDocument> old = new HashMap<>();
    before.tracks().forEach(t -> t.clips().forEach(c -> old.put(c.id(), c)));
    Set<String> changed = new HashSet<>();
    after
        .tracks()
        .forEach(t ->
            t.clips().stream()
                .filter(c -> !c.equals(old.get(c.id())))
                .forEach(c -> changed.add(c.id())));
    return changed;
  }

  private static boolean sameTrack(TrackDocument a, TrackDocument b) {
    return sameFields(a, b) && Set.copyOf(a.clips()).equals(Set.copyOf(b.clips()));
  }

  private static boolean sameFields(TrackDocument a, TrackDocument b) {
    return Objects.equals(a.name(), b.name())
        && Objects.equals(a.type(), b.type())
        && a.order() == b.order()
        && a.visible() == b.visible();
  }

  private static TrackDocument track(StoredTimeline timeline, String trackId) {
    return timeline.document().tracks().stream()
        .filter(t -> t.id().equals(trackId))
        .findFirst()
        .orElseThrow(() -> notFound("track", trackId));
  }

  private static TrackDocument trackOfClip(StoredTimeline timeline, String clipId) {
    return timeline.document().tracks().stream()
        .filter(t -> t.clips().stream().anyMatch(c -> c.id().equals(clipId)))
        .findFirst()
        .orElseThrow(() -> notFound("clip", clipId));
  }

  private static TimelineDocument replaceTrack(TimelineDocument doc, TrackDocument track) {
    return withTracks(
        doc, doc.tracks().stream().map(t -> t.id().equals(track.id()) ? track : t).toList());
  }

  private static TimelineDocument withTracks(TimelineDocument d, List<TrackDocument> tracks) {
    return new TimelineDocument(
        d.id(),
        d.name(),
        d.width(),
        d.height(),
        d.fps(),
        d.backgroundColor(),
        d.transitionType(),
        d.durationSeconds(),
        tracks);
  }

  private static TimelineDocument withId(TimelineDocument d, String id) {
    return new TimelineDocument(
        id,
        d.name(),
        d.width(),
        d.height(),
        d.fps(),
        d.backgroundColor(),
        d.transitionType(),
        d.durationSeconds(),
        d.tracks());
  }

  private static TrackDocument withClips(TrackDocument t, List<ClipDocument> clips) {
    return new TrackDocument(t.id(), t.name(), t.type(), t.order(), t.visible(), clips);
  }

  private static ClipDocument withId(ClipDocument c, String id) {
    return new ClipDocument(id, c.type(), c.startTime(), c.duration(), c.sourceUrl(), c.content());
  }

  private static TimelineEditException notFound(String what, String id) {
    return new TimelineEditException(Reason.NOT_FOUND, "No " + what + " '" + shorten(id) + "'");
  }

  private static TimelineEditException locked(TrackDocument track) {
    return new TimelineEditException(
        Reason.TRACK_LOCKED,
        "Track '"
            + track.name()
            + "' ("
            + track.id()
            + ") is locked; unlock it (PUT the track with \"is_locked\": false) to edit it");
  }

  // ---- columns ----

  private static Map<String, Object> content(@Nullable String json) {
    if (json == null) {
      return Map.of();
    }
    Map<String, Object> map = new LinkedHashMap<>(Json.MAPPER.readValue(json, OBJECT));
    map.values().removeIf(Objects::isNull);
    return map;
  }

  private static Project project(ResultSet rs) throws SQLException {
    return new Project(
        rs.getObject("id", UUID.class).toString(),
        rs.getString("name"),
        rs.getString("description"),
        instant(rs, "created_at"),
        instant(rs, "updated_at"));
  }

  private static double duration(ResultSet rs) throws SQLException {
    BigDecimal exact = rs.getBigDecimal("duration_seconds");
    return exact != null ? exact.doubleValue() : rs.getInt("duration");
  }

  private static @Nullable String idOrNull(ResultSet rs, String column) throws SQLException {
    UUID id = rs.getObject(column, UUID.class);
    return id == null ? null : id.toString();
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp value = rs.getTimestamp(column);
    return value == null ? Instant.EPOCH : value.toInstant();
  }

  private static Optional<UUID> uuid(String value) {
    try {
      return Optional.of(UUID.fromString(value));
    } catch (IllegalArgumentException notAUuid) {
      return Optional.empty();
    }
  }
}
