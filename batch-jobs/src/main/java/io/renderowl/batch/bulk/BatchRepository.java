package io.renderowl.batch.bulk;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The batches and batch_items tables. Item writes are idempotent per (batch, line). */
final class BatchRepository {

  /** A batches row. */
  record BatchRow(
      UUID id,
      UUID userId,
      String name,
      String status,
      String sourcePath,
      String sourceFormat,
      int rowsRead,
      Long jobExecutionId,
      Instant createdAt,
      Instant updatedAt) {}

  /** What became of one item: its run, or why it was skipped. */
  record Written(int line, String topic, String runId, String reason) {}

  /** Counts over a batch's items, joined with their runs. */
  record Counts(int rows, int skipped, int queued, int running, int completed, int failed) {}

  /** An item with its run's state. */
  record ItemView(
      int line, String topic, String runId, String outcome, String reason, String runStatus, String runError, String outputKey) {}

  private final JdbcClient jdbc;
  private final JdbcTemplate template;

  BatchRepository(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
    this.template = new JdbcTemplate(dataSource);
  }

  UUID create(UUID userId, String name, String format, String sourceName) {
    return jdbc.sql(
            """
            INSERT INTO batches (user_id, name, status, source_name, source_format)
            VALUES (:userId, :name, 'pending', :sourceName, :format) RETURNING id
            """)
        .param("userId", userId)
        .param("name", name)
        .param("sourceName", sourceName)
        .param("format", format)
        .query(UUID.class)
        .single();
  }

  void attachSource(UUID batchId, String path) {
    jdbc.sql("UPDATE batches SET source_path = :path, updated_at = NOW() WHERE id = :id")
        .param("id", batchId)
        .param("path", path)
        .update();
  }

  void jobStarted(UUID batchId, long jobExecutionId) {
    jdbc.sql(
            """
            UPDATE batches SET job_execution_id = :exec, status = 'running', updated_at = NOW()
            WHERE id = :id AND status IN ('pending', 'running', 'failed')
            """)
        .param("id", batchId)
        .param("exec", jobExecutionId)
        .update();
  }

  void setStatus(UUID batchId, String status, int progress) {
    jdbc.sql(
            """
            UPDATE batches SET status = :status, progress = :progress, updated_at = NOW(),
                completed_at = CASE WHEN :status IN ('completed', 'failed') THEN NOW() ELSE NULL END
            WHERE id = :id
            """)
        .param("id", batchId)
        .param("status", status)
        .param("progress", progress)
        .update();
  }

  void recordCounts(UUID batchId, Counts c) {
    jdbc.sql(
            """
            UPDATE batches SET total_items = :total, completed_items = :completed,
                failed_items = :failed, skipped_items = :skipped, rows_read = :total
            WHERE id = :id
            """)
        .param("id", batchId)
        .param("total", c.rows())
        .param("completed", c.completed())
        .param("failed", c.failed())
        .param("skipped", c.skipped())
        .update();
  }

  Optional<BatchRow> find(UUID batchId) {
    return jdbc.sql("SELECT * FROM batches WHERE id = :id")
        .param("id", batchId)
        .query(BatchRepository::batchRow)
        .optional();
  }

  /** Batches whose recorded state may still change (pending or running). */
  List<BatchRow> unfinished() {
    return jdbc.sql("SELECT * FROM batches WHERE status IN ('pending', 'running') ORDER BY created_at")
        .query(BatchRepository::batchRow)
        .list();
  }

  /**
   * Records items; an item recorded before (a chunk re-read after a crash) is left as it was.
   * Joins the chunk's transaction when there is one.
   */
  void insertItems(UUID batchId, List<Written> items) {
    template.batchUpdate(
        """
        INSERT INTO batch_items (batch_id, row_number, topic, run_id, outcome, reason)
        VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (batch_id, row_number) DO NOTHING
        """,
        items,
        500,
        (ps, w) -> {
          ps.setObject(1, batchId);
          ps.setInt(2, w.line());
          ps.setString(3, w.topic());
          ps.setString(4, w.runId());
          ps.setString(5, w.runId() == null ? "skipped" : "started");
          ps.setString(6, w.runId() == null ? w.reason() : null);
        });
  }

  Counts counts(UUID batchId) {
    return jdbc.sql(
            """
            SELECT count(*) AS rows,
                   count(*) FILTER (WHERE i.outcome = 'skipped') AS skipped,
                   count(*) FILTER (WHERE r.status = 'queued') AS queued,
                   count(*) FILTER (WHERE r.status = 'running') AS running,
                   count(*) FILTER (WHERE r.status = 'completed') AS completed,
                   count(*) FILTER (WHERE r.status = 'failed') AS failed
            FROM batch_items i LEFT JOIN pipeline_runs r ON r.run_id = i.run_id
            WHERE i.batch_id = :id
            """)
        .param("id", batchId)
        .query(
            (rs, n) ->
                new Counts(
                    rs.getInt("rows"),
                    rs.getInt("skipped"),
                    rs.getInt("queued"),
                    rs.getInt("running"),
                    rs.getInt("completed"),
                    rs.getInt("failed")))
        .single();
  }

  List<ItemView> items(UUID batchId, int offset, int limit) {
    return jdbc.sql(
            """
            SELECT i.row_number, i.topic, i.run_id, i.outcome, i.reason,
                   r.status AS run_status, r.error_message, r.output_key
            FROM batch_items i LEFT JOIN pipeline_runs r ON r.run_id = i.run_id
            WHERE i.batch_id = :id ORDER BY i.row_number OFFSET :offset LIMIT :limit
            """)
        .param("id", batchId)
        .param("offset", offset)
        .param("limit", limit)
        .query(
            (rs, n) ->
                new ItemView(
                    rs.getInt("row_number"),
                    rs.getString("topic"),
                    rs.getString("run_id"),
                    rs.getString("outcome"),
                    rs.getString("reason"),
                    rs.getString("run_status"),
                    rs.getString("error_message"),
                    rs.getString("output_key")))
        .list();
  }

  /** The requests (JSON) of the batch's runs that have not ended. */
  List<String> unfinishedRequests(UUID batchId) {
    return jdbc.sql(
            "SELECT r.request::text FROM batch_items i JOIN pipeline_runs r ON r.run_id = i.run_id"
                + " WHERE i.batch_id = :id AND r.status IN ('queued', 'running') ORDER BY i.row_number")
        .param("id", batchId)
        .query(String.class)
        .list();
  }

  /** Skipped rows in file order. */
  List<ItemView> skipped(UUID batchId) {
    return jdbc.sql(
            """
            SELECT row_number, topic, reason FROM batch_items
            WHERE batch_id = :id AND outcome = 'skipped' ORDER BY row_number
            """)
        .param("id", batchId)
        .query(
            (rs, n) ->
                new ItemView(
                    rs.getInt("row_number"), rs.getString("topic"), null, "skipped", rs.getString("reason"), null, null, null))
        .list();
  }

  private static BatchRow batchRow(ResultSet rs, int n) throws SQLException {
    return new BatchRow(
        rs.getObject("id", UUID.class),
        rs.getObject("user_id", UUID.class),
        rs.getString("name"),
        rs.getString("status"),
        rs.getString("source_path"),
        rs.getString("source_format"),
        rs.getInt("rows_read"),
        (Long) rs.getObject("job_execution_id"),
        instant(rs.getTimestamp("created_at")),
        instant(rs.getTimestamp("updated_at")));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
