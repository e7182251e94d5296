package io.renderowl.infra.persistence;

import io.renderowl.workflows.RunState;
import io.renderowl.workflows.Stage;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The run ledger: one {@code pipeline_runs} row per workflow. Updates are safe to repeat, and a
 * finished run is not moved back to running by a late stage report.
 */
public class PipelineRunRepository {

  private static final RowMapper<PipelineRunRow> RUN =
      (rs, n) ->
          new PipelineRunRow(
              rs.getString("run_id"),
              Columns.uuid(rs, "user_id"),
              Columns.uuid(rs, "project_id"),
              Columns.uuid(rs, "timeline_id"),
              Columns.uuid(rs, "render_id"),
              rs.getString("topic"),
              rs.getString("request"),
              RunState.from(rs.getString("status")),
              rs.getString("stage"),
              rs.getString("message"),
              rs.getString("error_message"),
              rs.getString("output_key"),
              Columns.instant(rs, "created_at"),
              Columns.instant(rs, "updated_at"),
              Columns.instant(rs, "completed_at"));

  private static final List<String> UNFINISHED =
      List.of(RunState.QUEUED.label(), RunState.RUNNING.label());
  private static final List<String> FINISHED =
      List.of(RunState.COMPLETED.label(), RunState.FAILED.label());

  private final JdbcClient jdbc;

  public PipelineRunRepository(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
  }

  /** Records a queued run; false when a run with this id already exists (of any user). */
  public boolean insertIfAbsent(String runId, UUID userId, String topic, String requestJson) {
    return jdbc.sql(
                """
                INSERT INTO pipeline_runs (run_id, user_id, topic, request)
                VALUES (:runId, :userId, :topic, CAST(:request AS jsonb))
                ON CONFLICT (run_id) DO NOTHING
                """)
            .param("runId", runId)
            .param("userId", userId)
            .param("topic", topic)
            .param("request", requestJson)
            .update()
        == 1;
  }

  /** Records where the run's end is POSTed (its completion callback URL; null for none). */
  public void setCallbackUrl(String runId, String callbackUrl) {
    jdbc.sql("UPDATE pipeline_runs SET callback_url = :url WHERE run_id = :runId")
        .param("url", callbackUrl)
        .param("runId", runId)
        .update();
  }

  public Optional<PipelineRunRow> find(String runId) {
    return jdbc.sql("SELECT * FROM pipeline_runs WHERE run_id = :runId")
        .param("runId", runId)
        .query(RUN)
        .optional();
  }

  /** Ids of the runs not yet completed or failed, oldest first. */
  public List<String> unfinishedRunIds() {
    return jdbc.sql(
            "SELECT run_id FROM pipeline_runs WHERE status IN (:unfinished) ORDER BY created_at")
        .param("unfinished", UNFINISHED)
        .query(String.class)
        .list();
  }

  /** The run, only if it belongs to the user. */
  public Optional<PipelineRunRow> findForUser(UUID userId, String runId) {
    return jdbc.sql("SELECT * FROM pipeline_runs WHERE run_id = :runId AND user_id = :userId")
        .param("runId", runId)
        .param("userId", userId)
        .query(RUN)
        .optional();
  }

  /**
   * Moves the run to {@code stage} and status running. A finished run is left as it is.
   *
   * @throws NoSuchElementException for an unknown run
   */
  public void stageStarted(String runId, String stage, String message) {
    int updated =
        jdbc.sql(
                """
                UPDATE pipeline_runs
                SET status = :status, stage = :stage, message = :message, updated_at = NOW()
                WHERE run_id = :runId AND status NOT IN (:finished)
                """)
            .param("status", RunState.RUNNING.label())
            .param("finished", FINISHED)
            .param("runId", runId)
            .param("stage", stage)
            .param("message", message)
            .update();
    requireExistsWhenUntouched(updated, runId);
  }

  /**
   * Marks the run failed at {@code stage}. A completed run stays completed.
   *
   * @throws NoSuchElementException for an unknown run
   */
  public void markFailed(String runId, String stage, String reason) {
    int updated =
        jdbc.sql(
                """
                UPDATE pipeline_runs
                SET status = :status, stage = :stage, message = :reason, error_message = :reason,
                    completed_at = NOW(), updated_at = NOW()
                WHERE run_id = :runId AND status <> :completedStatus
                """)
            .param("status", RunState.FAILED.label())
            .param("completedStatus", RunState.COMPLETED.label())
            .param("runId", runId)
            .param("stage", stage)
            .param("reason", reason)
            .update();
    requireExistsWhenUntouched(updated, runId);
  }

  /**
   * @throws NoSuchElementException for an unknown run
   */
  public void attachTimeline(String runId, UUID timelineId) {
    Columns.requireFound(
        jdbc.sql(
                """
                UPDATE pipeline_runs SET timeline_id = :timelineId, updated_at = NOW()
                WHERE run_id = :runId
                """)
            .param("runId", runId)
            .param("timelineId", timelineId)
            .update(),
        "pipeline run " + runId);
  }

  /**
   * @throws NoSuchElementException for an unknown run
   */
  public void attachRender(String runId, UUID renderId, String outputKey) {
    Columns.requireFound(
        jdbc.sql(
                """
                UPDATE pipeline_runs
                SET render_id = :renderId, output_key = :outputKey, updated_at = NOW()
                WHERE run_id = :runId
                """)
            .param("runId", runId)
            .param("renderId", renderId)
            .param("outputKey", outputKey)
            .update(),
        "pipeline run " + runId);
  }

  /**
   * Marks the run completed with a closing message (also after a failure, which it then clears).
   * Repeating it keeps the first completion time.
   *
   * @throws NoSuchElementException for an unknown run
   */
  public void markCompleted(String runId, String message) {
    int updated =
        jdbc.sql(
                """
                UPDATE pipeline_runs
                SET status = :status, stage = :stage, message = :message,
                    error_message = NULL, completed_at = NOW(), updated_at = NOW()
                WHERE run_id = :runId AND status <> :status
                """)
            .param("status", RunState.COMPLETED.label())
            .param("stage", Stage.COMPLETED.label())
            .param("runId", runId)
            .param("message", message)
            .update();
    requireExistsWhenUntouched(updated, runId);
  }

  public long countForUser(UUID userId) {
    return jdbc.sql("SELECT count(*) FROM pipeline_runs WHERE user_id = :userId")
        .param("userId", userId)
        .query(Long.class)
        .single();
  }

  /** An update guarded by status may touch no row because the run finished, or does not exist. */
  private void requireExistsWhenUntouched(int updatedRows, String runId) {
    if (updatedRows == 0 && find(runId).isEmpty()) {
      throw new NoSuchElementException("no pipeline run " + runId);
    }
  }
}
