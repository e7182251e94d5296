package io.renderowl.infra.persistence;

import io.renderowl.workflows.RenderState;
import java.sql.Types;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Renders of timelines: one per pipeline run, and those asked for over the API. */
public class RenderRepository {

  private static final RowMapper<RenderRow> RENDER =
      (rs, n) ->
          new RenderRow(
              Columns.uuid(rs, "id"),
              rs.getString("run_id"),
              Columns.uuid(rs, "timeline_id"),
              Columns.uuid(rs, "user_id"),
              RenderState.from(rs.getString("status")),
              rs.getInt("progress"),
              rs.getString("preset"),
              rs.getString("output_url"),
              rs.getString("error_message"),
              rs.getInt("credits_used"),
              Columns.instant(rs, "started_at"),
              Columns.instant(rs, "completed_at"),
              Columns.instant(rs, "created_at"));

  private final JdbcClient jdbc;

  public RenderRepository(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
  }

  /** The run's render, created queued when the run has none yet. */
  public RenderRow createOrGet(String runId, UUID timelineId, UUID userId, String preset) {
    jdbc.sql(
            """
            INSERT INTO renders (run_id, timeline_id, user_id, preset)
            VALUES (:runId, :timelineId, :userId, :preset)
            ON CONFLICT (run_id) DO NOTHING
            """)
        .param("runId", runId)
        .param("timelineId", timelineId)
        .param("userId", userId)
        .param("preset", preset)
        .update();
    return findByRun(runId).orElseThrow();
  }

  /**
   * A queued render asked for over the API, under its own run id; nothing happens when a render of
   * that run id exists (the same request again).
   *
   * @param callbackUrl where the render's completion is reported (null: nowhere)
   * @param chunks the number of chunks asked for (0: the workers' setting)
   * @return whether the row was created
   */
  public boolean createQueued(
      String runId,
      UUID timelineId,
      UUID userId,
      String preset,
      @Nullable String callbackUrl,
      int chunks) {
    return jdbc.sql(
                """
                INSERT INTO renders (run_id, timeline_id, user_id, preset, callback_url,
                                     chunks_requested)
                VALUES (:runId, :timelineId, :userId, :preset, :callbackUrl, :chunks)
                ON CONFLICT (run_id) DO NOTHING
                """)
            .param("runId", runId)
            .param("timelineId", timelineId)
            .param("userId", userId)
            .param("preset", preset)
            .param("callbackUrl", callbackUrl, Types.VARCHAR)
            .param("chunks", chunks)
            .update()
        == 1;
  }

  /** The user's render (another user's is not found). */
  public Optional<RenderRow> find(UUID userId, UUID id) {
    return jdbc.sql("SELECT * FROM renders WHERE id = :id AND user_id = :userId")
        .param("id", id)
        .param("userId", userId)
        .query(RENDER)
        .optional();
  }

  /** The user's renders, newest first, optionally of one timeline only. */
  public List<RenderRow> list(UUID userId, @Nullable UUID timelineId, long offset, int limit) {
    return jdbc.sql(
            "SELECT * FROM renders WHERE user_id = :userId"
                + (timelineId == null ? "" : " AND timeline_id = :timelineId")
                + " ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset")
        .param("userId", userId)
        .param("timelineId", timelineId, Types.OTHER)
        .param("limit", limit)
        .param("offset", offset)
        .query(RENDER)
        .list();
  }

  public long count(UUID userId, @Nullable UUID timelineId) {
    return jdbc.sql(
            "SELECT count(*) FROM renders WHERE user_id = :userId"
                + (timelineId == null ? "" : " AND timeline_id = :timelineId"))
        .param("userId", userId)
        .param("timelineId", timelineId, Types.OTHER)
        .query(Long.class)
        .single();
  }

  /**
   * The completion callback URL the render was asked for with, if any (the webhook delivery reads
   * it when the render ends).
   */
  public Optional<String> callbackUrl(UUID id) {
    return jdbc.sql("SELECT callback_url FROM renders WHERE id = :id AND callback_url IS NOT NULL")
        .param("id", id)
        .query(String.class)
        .optional();
  }

  /**
   * Marks a render that has not ended cancelled.
   *
   * @return whether it was marked (false: unknown, or it had already ended)
   */
  public boolean markCancelled(UUID id) {
    return jdbc.sql(
                """
                UPDATE renders SET status = :cancelled, error_message = :reason,
                                   completed_at = NOW()
                WHERE id = :id AND status IN (:queued, :rendering)
                """)
            .param("cancelled", RenderState.CANCELLED.label())
            .param("reason", "cancelled on request")
            .param("queued", RenderState.QUEUED.label())
            .param("rendering", RenderState.RENDERING.label())
            .param("id", id)
            .update()
        == 1;
  }

  /**
   * Marks the render started; repeating it keeps the first start time.
   *
   * @throws NoSuchElementException for an unknown render
   */
  public void markRendering(UUID id) {
    Columns.requireFound(
        jdbc.sql(
                """
                UPDATE renders SET status = :status, started_at = COALESCE(started_at, NOW())
                WHERE id = :id
                """)
            .param("status", RenderState.RENDERING.label())
            .param("id", id)
            .update(),
        "render " + id);
  }

  /** Sets the progress (clamped to 0-100) of a render that has not completed. */
  public void updateProgress(UUID id, int percent) {
    jdbc.sql("UPDATE renders SET progress = :percent WHERE id = :id AND status <> :completedStatus")
        .param("completedStatus", RenderState.COMPLETED.label())
        .param("id", id)
        .param("percent", Math.clamp(percent, 0, 100))
        .update();
  }

  /**
   * @throws NoSuchElementException for an unknown render
   */
  public void markCompleted(UUID id, String outputUrl, int creditsUsed) {
    Columns.requireFound(
        jdbc.sql(
                """
                UPDATE renders
                SET status = :status, progress = 100, output_url = :outputUrl,
                    credits_used = :creditsUsed, error_message = NULL, completed_at = NOW()
                WHERE id = :id
                """)
            .param("status", RenderState.COMPLETED.label())
            .param("id", id)
            .param("outputUrl", outputUrl)
            .param("creditsUsed", creditsUsed)
            .update(),
        "render " + id);
  }

  /**
   * @throws NoSuchElementException for an unknown render
   */
  public void markFailed(UUID id, String error) {
    Columns.requireFound(
        jdbc.sql(
                """
                UPDATE renders SET status = :status, error_message = :error, completed_at = NOW()
                WHERE id = :id
                """)
            .param("status", RenderState.FAILED.label())
            .param("id", id)
            .param("error", error)
            .update(),
        "render " + id);
  }

  /**
   * Records what the loudness normalisation of the render's audio measured.
   *
   * @throws NoSuchElementException for an unknown render
   */
  public void recordLoudness(UUID id, RenderLoudness loudness) {
    Columns.requireFound(
        jdbc.sql(
                """
                UPDATE renders
                SET loudness_input_lufs = :inputLufs, loudness_input_true_peak_dbtp = :inputPeak,
                    loudness_gain_db = :gain, loudness_limited = :limited,
                    loudness_output_lufs = :outputLufs, loudness_output_true_peak_dbtp = :outputPeak
                WHERE id = :id
                """)
            .param("id", id)
            .param("inputLufs", loudness.inputLufs(), Types.DOUBLE)
            .param("inputPeak", loudness.inputTruePeakDbtp(), Types.DOUBLE)
            .param("gain", loudness.gainDb(), Types.DOUBLE)
            .param("limited", loudness.limited(), Types.BOOLEAN)
            .param("outputLufs", loudness.outputLufs(), Types.DOUBLE)
            .param("outputPeak", loudness.outputTruePeakDbtp(), Types.DOUBLE)
            .update(),
        "render " + id);
  }

  /**
   * The render's loudness columns; empty for an unknown render or one measured before they existed.
   */
  public Optional<RenderLoudness> loudness(UUID id) {
    return jdbc.sql("SELECT * FROM renders WHERE id = :id AND loudness_gain_db IS NOT NULL")
        .param("id", id)
        .query((rs, n) ->
            new RenderLoudness(
                rs.getObject("loudness_input_lufs", Double.class),
                rs.getObject("loudness_input_true_peak_dbtp", Double.class),
                rs.getObject("loudness_gain_db", Double.class),
                rs.getObject("loudness_limited", Boolean.class),
                rs.getObject("loudness_output_lufs", Double.class),
                rs.getObject("loudness_output_true_peak_dbtp", Double.class)))
        .optional();
  }

  /** Queued or rendering renders created before {@code before}, oldest first. */
  public List<RenderRow> unfinishedCreatedBefore(java.time.Instant before) {
    return jdbc.sql(
            """
            SELECT * FROM renders WHERE status IN (:queued, :rendering) AND created_at < :before
            ORDER BY created_at
            """)
        .param("queued", RenderState.QUEUED.label())
        .param("rendering", RenderState.RENDERING.label())
        .param("before", java.sql.Timestamp.from(before))
        .query(RENDER)
        .list();
  }

  /**
   * Marks the render failed when it has not ended (a worker that completes it at the same moment
   * wins).
   *
   * @return whether it was marked
   */
  public boolean markFailedIfUnfinished(UUID id, String error) {
    return jdbc.sql(
                """
                UPDATE renders SET status = :failed, error_message = :error, completed_at = NOW()
                WHERE id = :id AND status IN (:queued, :rendering)
                """)
            .param("failed", RenderState.FAILED.label())
            .param("error", error)
            .param("queued", RenderState.QUEUED.label())
            .param("rendering", RenderState.RENDERING.label())
            .param("id", id)
            .update()
        == 1;
  }

  public Optional<RenderRow> find(UUID id) {
    return jdbc.sql("SELECT * FROM renders WHERE id = :id")
        .param("id", id)
        .query(RENDER)
        .optional();
  }

  public Optional<RenderRow> findByRun(String runId) {
    return jdbc.sql("SELECT * FROM renders WHERE run_id = :runId")
        .param("runId", runId)
        .query(RENDER)
        .optional();
  }
}
