package io.renderowl.infra.persistence;

import io.renderowl.workflows.timeline.ClipDocument;
import io.renderowl.workflows.timeline.TimelineDocument;
import io.renderowl.workflows.timeline.TrackDocument;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores a {@link TimelineDocument} as {@code timelines}, {@code tracks} and {@code clips} rows and
 * rebuilds it. Times are stored to the millisecond (DECIMAL(10,3)); the resolution as "WxH"; {@code
 * timelines.duration} holds whole seconds (rounded up) and {@code duration_seconds} the exact
 * length.
 */
public class TimelineRepository {

  private final JdbcClient jdbc;
  private final TransactionTemplate transaction;
  private final TransactionTemplate snapshot;

  public TimelineRepository(DataSource dataSource) {
    DataSourceTransactionManager transactionManager = new DataSourceTransactionManager(dataSource);
    this.jdbc = JdbcClient.create(dataSource);
    this.transaction = new TransactionTemplate(transactionManager);
    this.snapshot = new TransactionTemplate(transactionManager);
    snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    snapshot.setReadOnly(true);
  }

  /**
   * Saves the document in one transaction and returns the timeline id. Ids of the document that are
   * UUIDs are kept, others are replaced by new ones. Saving a timeline id again (a retried
   * activity) replaces that timeline's tracks and clips.
   *
   * @throws IllegalArgumentException when the timeline id belongs to another user
   */
  public UUID save(UUID userId, TimelineDocument doc) {
    UUID timelineId = idOf(doc.id());
    transaction.executeWithoutResult(status -> {
      upsertTimeline(userId, timelineId, doc);
      jdbc.sql("DELETE FROM tracks WHERE timeline_id = :id").param("id", timelineId).update();
      for (TrackDocument track : doc.tracks()) {
        UUID trackId = insertTrack(timelineId, track);
        track.clips().forEach(clip -> insertClip(trackId, clip));
      }
    });
    return timelineId;
  }

  /**
   * The document as saved, read from one snapshot: tracks by "order", clips by start time.
   *
   * @throws NoSuchElementException for an unknown timeline
   */
  public TimelineDocument load(UUID timelineId) {
    return snapshot.execute(status -> {
      List<TrackDocument> tracks = tracksOf(timelineId);
      return jdbc.sql("SELECT * FROM timelines WHERE id = :id")
          .param("id", timelineId)
          .query((rs, n) -> timeline(rs, tracks))
          .optional()
          .orElseThrow(() -> new NoSuchElementException("no timeline " + timelineId));
    });
  }

  public int clipCount(UUID timelineId) {
    return jdbc.sql(
            """
            SELECT count(*) FROM clips c JOIN tracks t ON t.id = c.track_id
            WHERE t.timeline_id = :id
            """)
        .param("id", timelineId)
        .query(Integer.class)
        .single();
  }

  private void upsertTimeline(UUID userId, UUID timelineId, TimelineDocument doc) {
    int written =
        jdbc.sql(
                """
                INSERT INTO timelines (id, user_id, name, duration, duration_seconds, resolution,
                                       fps, background_color, transition_type)
                VALUES (:id, :userId, :name, :duration, :durationSeconds, :resolution,
                        :fps, :backgroundColor, :transitionType)
                ON CONFLICT (id) DO UPDATE
                SET name = EXCLUDED.name, duration = EXCLUDED.duration,
                    duration_seconds = EXCLUDED.duration_seconds, resolution = EXCLUDED.resolution,
                    fps = EXCLUDED.fps, background_color = EXCLUDED.background_color,
                    transition_type = EXCLUDED.transition_type, updated_at = NOW()
                WHERE timelines.user_id = EXCLUDED.user_id
                """)
            .param("id", timelineId)
            .param("userId", userId)
            .param("name", doc.name())
            .param("duration", (int) Math.ceil(doc.durationSeconds()))
            .param("durationSeconds", BigDecimal.valueOf(doc.durationSeconds()))
            .param("resolution", doc.width() + "x" + doc.height())
            .param("fps", doc.fps())
            .param("backgroundColor", doc.backgroundColor())
            .param("transitionType", doc.transitionType())
            .update();
    if (written == 0) {
      throw new IllegalArgumentException("timeline " + timelineId + " belongs to another user");
    }
  }

  private UUID insertTrack(UUID timelineId, TrackDocument track) {
    UUID trackId = idOf(track.id());
    jdbc.sql(
            """
            INSERT INTO tracks (id, timeline_id, name, type, "order", is_visible)
            VALUES (:id, :timelineId, :name, :type, :order, :visible)
            """)
        .param("id", trackId)
        .param("timelineId", timelineId)
        .param("name", track.name())
        .param("type", track.type())
        .param("order", track.order())
        .param("visible", track.visible())
        .update();
    return trackId;
  }

  private void insertClip(UUID trackId, ClipDocument clip) {
    jdbc.sql(
            """
            INSERT INTO clips (id, track_id, type, start_time, duration, source_url, content)
            VALUES (:id, :trackId, :type, :startTime, :duration, :sourceUrl,
                    CAST(:content AS jsonb))
            """)
        .param("id", idOf(clip.id()))
        .param("trackId", trackId)
        .param("type", clip.type())
        .param("startTime", BigDecimal.valueOf(clip.startTime()))
        .param("duration", BigDecimal.valueOf(clip.duration()))
        .param("sourceUrl", clip.sourceUrl())
        .param("content", Json.write(clip.content()))
        .update();
  }

  private List<TrackDocument> tracksOf(UUID timelineId) {
    Map<UUID, List<ClipDocument>> clipsByTrack = new LinkedHashMap<>();
    jdbc.sql(
            """
            SELECT c.* FROM clips c JOIN tracks t ON t.id = c.track_id
            WHERE t.timeline_id = :id
            ORDER BY c.start_time, c.id
            """)
        .param("id", timelineId)
        .query(rs -> {
          clipsByTrack
              .computeIfAbsent(Columns.uuid(rs, "track_id"), track -> new ArrayList<>())
              .add(clip(rs));
        });
    return jdbc.sql("SELECT * FROM tracks WHERE timeline_id = :id ORDER BY \"order\", id")
        .param("id", timelineId)
        .query((rs, n) -> {
          UUID trackId = Columns.uuid(rs, "id");
          return new TrackDocument(
              trackId.toString(),
              rs.getString("name"),
              rs.getString("type"),
              rs.getInt("order"),
              rs.getBoolean("is_visible"),
              clipsByTrack.getOrDefault(trackId, List.of()));
        })
        .list();
  }

  private static TimelineDocument timeline(ResultSet rs, List<TrackDocument> tracks)
      throws SQLException {
    String[] resolution = rs.getString("resolution").split("x");
    BigDecimal exactDuration = rs.getBigDecimal("duration_seconds");
    return new TimelineDocument(
        Columns.uuid(rs, "id").toString(),
        rs.getString("name"),
        Integer.parseInt(resolution[0]),
        Integer.parseInt(resolution[1]),
        rs.getInt("fps"),
        rs.getString("background_color"),
        rs.getString("transition_type"),
        exactDuration != null ? exactDuration.doubleValue() : rs.getInt("duration"),
        tracks);
  }

  private static ClipDocument clip(ResultSet rs) throws SQLException {
    return new ClipDocument(
        Columns.uuid(rs, "id").toString(),
        rs.getString("type"),
        rs.getDouble("start_time"),
        rs.getDouble("duration"),
        rs.getString("source_url"),
        Json.readObject(rs.getString("content")));
  }

  private static UUID idOf(String documentId) {
    return Columns.parseUuid(documentId).orElseGet(UUID::randomUUID);
  }
}
