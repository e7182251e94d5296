package io.renderowl.batch.bulk;

import io.renderowl.infra.batch.BulkBatchState;
import io.renderowl.workflows.RunState;
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
      BulkBatchState status,
      String sourcePath,
      String sourceFormat,
      int rowsRead,
      Long jobExecutionId,
      Instant createdAt,
      Instant updatedAt,
      String callbackUrl) {}

  /** What became of one item: its run, or why it was skipped. */
  record Written(int line, String topic, String runId, String reason) {}

  /** Counts over a batch's items, joined with their runs. */
  record Counts(int rows, int skipped, int queued, int running, int completed, int failed) {}

  /** An item with its run's state (null when it started no run, or its run has no row). */
  record ItemView(
      int line,
      String topic,
      String runId,
      ItemOutcome outcome,
      String reason,
      RunState runStatus,
      String runError,
      String outputKey) {}

  private static final List<String> UNFINISHED_BATCHES =
      List.of(BulkBatchState.PENDING.label(), BulkBatchState.RUNNING.label());
  private static final List<String> STARTABLE_BATCHES =
      List.of(
          BulkBatchState.PENDING.label(),
          BulkBatchState.RUNNING.label(),
          BulkBatchState.FAILED.label());
  private static final List<String> UNFINISHED_RUNS =
      List.of(RunState.QUEUED.label(), RunState.RUNNING.label());

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
            VALUES (:userId, :name, :status, :sourceName, :format) RETURNING id
            """)
        .param("status", BulkBatchState.PENDING.label())
        .param("userId", userId)
        .param("name", name)
        .param("sourceName", sourceName)
        .param("format", format)
        .query(UUID.class)
        .single();
  }

  /** Sets where the batch's end is POSTed (its completion callback URL). */
  void setCallbackUrl(UUID batchId, String url) {
    jdbc.sql("UPDATE batches SET callback_url = :url WHERE id = :id")
        .param("id", batchId)
        .param("url", url)
        .update();
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
            UPDATE batches SET job_execution_id = :exec, status = :status, updated_at = NOW()
            WHERE id = :id AND status IN (:startable)
            """)
        .param("status", BulkBatchState.RUNNING.label())
        .param("startable", STARTABLE_BATCHES)
        .param("id", batchId)
        .param("exec", jobExecutionId)
        .update();
  }

  void setStatus(UUID batchId, BulkBatchState status, int progress) {
    jdbc.sql(
            """
            UPDATE batches SET status = :status, progress = :progress, updated_at = NOW(),
                completed_at = CASE WHEN :finished THEN NOW() ELSE NULL END
            WHERE id = :id
            """)
        .param("id", batchId)
        .param("status", status.label())
        .param("finished", status.finished())
        .param("progress", progress)
        .update();
  }

  void recordCounts(UUID batchId, Counts c) {
    jdbc.sql(
            """
            UPDATE batches SET total_items = :total, completed_items = :completedItems,
                failed_items = :failedItems, skipped_items = :skippedItems, rows_read = :total
            WHERE id = :id
            """)
        .param("id", batchId)
        .param("total", c.rows())
        .param("completedItems", c.completed())
        .param("failedItems", c.failed())
        .param("skippedItems", c.skipped())
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
    return jdbc.sql("SELECT * FROM batches WHERE status IN (:unfinished) ORDER BY created_at")
        .param("unfinished", UNFINISHED_BATCHES)
        .query(BatchRepository::batchRow)
        .list();
  }

  /**
   * Records items; an item recorded before (a chunk re-read after a crash) is left as it was. Joins
   * the chunk's transaction when there is one.
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
          ps.setString(5, (w.runId() == null ? ItemOutcome.SKIPPED : ItemOutcome.STARTED).label());
          ps.setString(6, w.runId() == null ? w.reason() : null);
        });
  }

  Counts counts(UUID batchId) {
    return jdbc.sql(
            """
            SELECT count(*) AS rows,
                   count(*) FILTER (WHERE i.outcome = :skippedOutcome) AS skipped_rows,
                   count(*) FILTER (WHERE r.status = :queuedStatus) AS queued_runs,
                   count(*) FILTER (WHERE r.status = :runningStatus) AS running_runs,
                   count(*) FILTER (WHERE r.status = :completedStatus) AS completed_runs,
                   count(*) FILTER (WHERE r.status = :failedStatus) AS failed_runs
            FROM batch_items i LEFT JOIN pipeline_runs r ON r.run_id = i.run_id
            WHERE i.batch_id = :id
            """)
        .param("id", batchId)
        .param("skippedOutcome", ItemOutcome.SKIPPED.label())
        .param("queuedStatus", RunState.QUEUED.label())
        .param("runningStatus", RunState.RUNNING.label())
        .param("completedStatus", RunState.COMPLETED.label())
        .param("failedStatus", RunState.FAILED.label())
        .query((rs, n) ->
            new Counts(
                rs.getInt("rows"),
                rs.getInt("skipped_rows"),
                rs.getInt("queued_runs"),
                rs.getInt("running_runs"),
                rs.getInt("completed_runs"),
                rs.getInt("failed_runs")))
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
        .query((rs, n) ->
            new ItemView(
                rs.getInt("row_number"),
                rs.getString("topic"),
                rs.getString("run_id"),
                ItemOutcome.from(rs.getString("outcome")),
                rs.getString("reason"),
                rs.getString("run_status") == null
                    ? null
                    : RunState.from(rs.getString("run_status")),
                rs.getString("error_message"),
                rs.getString("output_key")))
        .list();
  }

  /** The requests (JSON) of the batch's runs that have not ended. */
  List<String> unfinishedRequests(UUID batchId) {
    return jdbc.sql(
            "SELECT r.request::text FROM batch_items i JOIN pipeline_runs r ON r.run_id = i.run_id"
                + " WHERE i.batch_id = :id AND r.status IN (:unfinished) ORDER BY i.row_number")
        .param("id", batchId)
        .param("unfinished", UNFINISHED_RUNS)
        .query(String.class)
        .list();
  }

  /** Skipped rows in file order. */
  List<ItemView> skipped(UUID batchId) {
    return jdbc.sql(
            """
            SELECT row_number, topic, reason FROM batch_items
            WHERE batch_id = :id AND outcome = :outcome ORDER BY row_number
            """)
        .param("id", batchId)
        .param("outcome", ItemOutcome.SKIPPED.label())
        .query((rs, n) ->
            new ItemView(
                rs.getInt("row_number"),
                rs.getString("topic"),
                null,
                ItemOutcome.SKIPPED,
                rs.getString("reason"),
                null,
                null,
                null))
        .list();
  }

  private static BatchRow batchRow(ResultSet rs, int n) throws SQLException {
    return new BatchRow(
        rs.getObject("id", UUID.class),
        rs.getObject("user_id", UUID.class),
        rs.getString("name"),
        BulkBatchState.from(rs.getString("status")),
        rs.getString("source_path"),
        rs.getString("source_format"),
        rs.getInt("rows_read"),
        (Long) rs.getObject("job_execution_id"),
        instant(rs.getTimestamp("created_at")),
        instant(rs.getTimestamp("updated_at")),
        rs.getString("callback_url"));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
