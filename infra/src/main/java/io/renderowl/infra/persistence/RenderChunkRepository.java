package io.renderowl.infra.persistence;

import io.renderowl.workflows.RenderState;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The chunks of chunked renders. A chunk is started (attempts counted, worker recorded), then
 * completed with its object key; a finished chunk with the same frame range is not rendered again.
 */
public class RenderChunkRepository {

  private static final RowMapper<RenderChunkRow> CHUNK =
      (rs, n) ->
          new RenderChunkRow(
              Columns.uuid(rs, "id"),
              Columns.uuid(rs, "render_id"),
              rs.getInt("chunk_index"),
              rs.getLong("first_frame"),
              rs.getLong("frame_count"),
              rs.getString("storage_key"),
              rs.getString("encoder"),
              rs.getString("worker_identity"),
              RenderState.from(rs.getString("status")),
              rs.getInt("attempts"),
              rs.getString("error_message"),
              Columns.instant(rs, "started_at"),
              Columns.instant(rs, "completed_at"));

  private final JdbcClient jdbc;

  public RenderChunkRepository(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
  }

  /** The chunk's row, if it was ever started. */
  public Optional<RenderChunkRow> find(UUID renderId, int chunkIndex) {
    return jdbc.sql(
            "SELECT * FROM render_chunks WHERE render_id = :renderId AND chunk_index = :index")
        .param("renderId", renderId)
        .param("index", chunkIndex)
        .query(CHUNK)
        .optional();
  }

  /** The render's chunks by index. */
  public List<RenderChunkRow> findByRender(UUID renderId) {
    return jdbc.sql("SELECT * FROM render_chunks WHERE render_id = :renderId ORDER BY chunk_index")
        .param("renderId", renderId)
        .query(CHUNK)
        .list();
  }

  /**
   * Records that {@code worker} starts rendering the chunk: counts the attempt and resets a row
   * whose frame range or state no longer holds (a different plan, or a failed attempt).
   */
  public RenderChunkRow start(
      UUID renderId,
      int chunkIndex,
      long firstFrame,
      long frameCount,
      String encoder,
      String worker) {
    return jdbc.sql(
            """
            INSERT INTO render_chunks (render_id, chunk_index, first_frame, frame_count, encoder,
                                       worker_identity, status, attempts, started_at)
            VALUES (:renderId, :index, :first, :count, :encoder, :worker, :status, 1, NOW())
            ON CONFLICT (render_id, chunk_index) DO UPDATE
            SET first_frame = EXCLUDED.first_frame, frame_count = EXCLUDED.frame_count,
                encoder = EXCLUDED.encoder, worker_identity = EXCLUDED.worker_identity,
                status = :status, storage_key = NULL, error_message = NULL, completed_at = NULL,
                attempts = render_chunks.attempts + 1, started_at = NOW(), updated_at = NOW()
            RETURNING *
            """)
        .param("renderId", renderId)
        .param("index", chunkIndex)
        .param("first", firstFrame)
        .param("count", frameCount)
        .param("encoder", encoder)
        .param("worker", worker)
        .param("status", RenderState.RENDERING.label())
        .query(CHUNK)
        .single();
  }

  /**
   * Records where the latest attempt at the chunk starts drawing: {@code frame} frames into the
   * chunk (0: from its start; more: the segments an earlier attempt stored are kept).
   */
  public void recordResume(UUID renderId, int chunkIndex, long frame) {
    jdbc.sql(
            """
            UPDATE render_chunks SET resumed_from_frame = :frame, updated_at = NOW()
            WHERE render_id = :renderId AND chunk_index = :index
            """)
        .param("frame", frame)
        .param("renderId", renderId)
        .param("index", chunkIndex)
        .update();
  }

  /** Where the latest attempt at the chunk resumed (frames into the chunk), if recorded. */
  public java.util.OptionalLong resumedFrom(UUID renderId, int chunkIndex) {
    return jdbc.sql(
            """
            SELECT resumed_from_frame FROM render_chunks
            WHERE render_id = :renderId AND chunk_index = :index AND resumed_from_frame IS NOT NULL
            """)
        .param("renderId", renderId)
        .param("index", chunkIndex)
        .query(Long.class)
        .optional()
        .map(java.util.OptionalLong::of)
        .orElse(java.util.OptionalLong.empty());
  }

  /** Marks the chunk finished, stored under {@code storageKey}. */
  public void complete(UUID renderId, int chunkIndex, String storageKey) {
    Columns.requireFound(
        jdbc.sql(
                """
                UPDATE render_chunks
                SET status = :status, storage_key = :key, completed_at = NOW(), updated_at = NOW()
                WHERE render_id = :renderId AND chunk_index = :index
                """)
            .param("status", RenderState.COMPLETED.label())
            .param("renderId", renderId)
            .param("index", chunkIndex)
            .param("key", storageKey)
            .update(),
        "chunk " + chunkIndex + " of render " + renderId);
  }

  /** Marks an attempt at the chunk failed (or stopped) with the reason. */
  public void fail(UUID renderId, int chunkIndex, String reason) {
    jdbc.sql(
            """
            UPDATE render_chunks
            SET status = :status, error_message = :reason, updated_at = NOW()
            WHERE render_id = :renderId AND chunk_index = :index AND status <> :completedStatus
            """)
        .param("status", RenderState.FAILED.label())
        .param("completedStatus", RenderState.COMPLETED.label())
        .param("renderId", renderId)
        .param("index", chunkIndex)
        .param("reason", reason)
        .update();
  }

  /** Finished chunks of the render. */
  public int countCompleted(UUID renderId) {
    return jdbc.sql(
            "SELECT count(*) FROM render_chunks WHERE render_id = :renderId AND status = :status")
        .param("status", RenderState.COMPLETED.label())
        .param("renderId", renderId)
        .query(Integer.class)
        .single();
  }
}
