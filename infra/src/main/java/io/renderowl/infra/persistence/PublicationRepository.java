package io.renderowl.infra.persistence;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Where runs' videos were published: at most one publication per run and platform. */
public class PublicationRepository {

  private static final RowMapper<PublicationRow> PUBLICATION =
      (rs, n) ->
          new PublicationRow(
              Columns.uuid(rs, "id"),
              rs.getString("run_id"),
              Columns.uuid(rs, "user_id"),
              Columns.uuid(rs, "render_id"),
              rs.getString("platform"),
              Columns.uuid(rs, "social_account_id"),
              rs.getString("status"),
              rs.getString("location"),
              rs.getString("external_id"),
              rs.getString("metadata"),
              Columns.instant(rs, "published_at"),
              Columns.instant(rs, "created_at"),
              rs.getString("reason"),
              Columns.instant(rs, "publish_at"),
              rs.getString("workflow_id"));

  /** The unique key: run, platform and account (none for the offline publisher). */
  private static final String CONFLICT =
      "ON CONFLICT (run_id, platform, COALESCE(social_account_id,"
          + " '00000000-0000-0000-0000-000000000000'::uuid)) DO NOTHING";

  private final JdbcClient jdbc;

  public PublicationRepository(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
  }

  public Optional<PublicationRow> find(String runId, String platform) {
    return jdbc.sql(
            "SELECT * FROM publications WHERE run_id = :runId AND platform = :platform"
                + " AND social_account_id IS NULL")
        .param("runId", runId)
        .param("platform", platform)
        .query(PUBLICATION)
        .optional();
  }

  /**
   * Records the run's publication on {@code platform} as published now, or returns the one recorded
   * before (unchanged).
   */
  public PublicationRow insertIfAbsent(
      String runId,
      UUID userId,
      UUID renderId,
      String platform,
      String location,
      String metadataJson) {
    jdbc.sql(
            """
            INSERT INTO publications (run_id, user_id, render_id, platform, location, metadata,
                                      published_at)
            VALUES (:runId, :userId, :renderId, :platform, :location, CAST(:metadata AS jsonb),
                    NOW())
            """
                + CONFLICT)
        .param("runId", runId)
        .param("userId", userId)
        .param("renderId", renderId)
        .param("platform", platform)
        .param("location", location)
        .param("metadata", metadataJson)
        .update();
    return find(runId, platform).orElseThrow();
  }

  /** The run's publication on the account, if any. */
  public Optional<PublicationRow> find(String runId, String platform, UUID accountId) {
    return jdbc.sql(
            "SELECT * FROM publications WHERE run_id = :runId AND platform = :platform"
                + " AND social_account_id = :account")
        .param("runId", runId)
        .param("platform", platform)
        .param("account", accountId)
        .query(PUBLICATION)
        .optional();
  }

  /** One publication of the user; empty for another user's or an unknown id. */
  public Optional<PublicationRow> findForUser(UUID userId, UUID id) {
    return jdbc.sql("SELECT * FROM publications WHERE id = :id AND user_id = :userId")
        .param("id", id)
        .param("userId", userId)
        .query(PUBLICATION)
        .optional();
  }

  /**
   * Opens the run's publication on an account in {@code state} (uploading, or scheduled with its
   * time), or returns the one opened before (unchanged).
   */
  public PublicationRow open(
      String runId,
      UUID userId,
      UUID renderId,
      String platform,
      UUID accountId,
      String workflowId,
      String state,
      Instant publishAt) {
    jdbc.sql(
            """
            INSERT INTO publications (run_id, user_id, render_id, platform, social_account_id,
                                      status, workflow_id, publish_at)
            VALUES (:runId, :userId, :renderId, :platform, :account, :state, :workflowId,
                    :publishAt)
            """
                + CONFLICT)
        .param("runId", runId)
        .param("userId", userId)
        .param("renderId", renderId)
        .param("platform", platform)
        .param("account", accountId)
        .param("state", state)
        .param("workflowId", workflowId)
        .param("publishAt", publishAt == null ? null : Timestamp.from(publishAt))
        .update();
    return find(runId, platform, accountId).orElseThrow();
  }

  /**
   * Moves a publication to {@code state}; the platform's id and URL are kept once known (null
   * leaves them), the reason is replaced, and published_at is set when it becomes published.
   */
  public void update(UUID id, String state, String externalId, String location, String reason) {
    jdbc.sql(
            """
            UPDATE publications SET status = :state,
                   external_id = COALESCE(:externalId, external_id),
                   location = COALESCE(:location, location),
                   reason = :reason,
                   published_at = CASE WHEN :state = 'published'
                                       THEN COALESCE(published_at, NOW()) ELSE published_at END,
                   updated_at = NOW()
             WHERE id = :id
            """)
        .param("id", id)
        .param("state", state)
        .param("externalId", externalId)
        .param("location", location)
        .param("reason", reason)
        .update();
  }

  /**
   * Cancels a scheduled publication of the user.
   *
   * @return whether it was scheduled (and is cancelled now)
   */
  public boolean cancelScheduled(UUID userId, UUID id) {
    return jdbc.sql(
                """
                UPDATE publications SET status = 'cancelled', reason = 'cancelled by the user',
                       updated_at = NOW()
                 WHERE id = :id AND user_id = :userId AND status = 'scheduled'
                """)
            .param("id", id)
            .param("userId", userId)
            .update()
        == 1;
  }

  /** The user's scheduled publications, soonest first, one page. */
  public List<PublicationRow> scheduled(UUID userId, int offset, int limit) {
    return jdbc.sql(
            """
            SELECT * FROM publications WHERE user_id = :userId AND status = 'scheduled'
             ORDER BY publish_at, id LIMIT :limit OFFSET :offset
            """)
        .param("userId", userId)
        .param("limit", limit)
        .param("offset", offset)
        .query(PUBLICATION)
        .list();
  }

  /** How many scheduled publications the user has. */
  public long countScheduled(UUID userId) {
    return jdbc.sql(
            "SELECT count(*) FROM publications WHERE user_id = :userId AND status = 'scheduled'")
        .param("userId", userId)
        .query(Long.class)
        .single();
  }

  /**
   * Scheduled, uploading or processing publications that have a publishing workflow and have not
   * changed since {@code before}, oldest first.
   */
  public List<PublicationRow> unfinishedWithWorkflowUnchangedSince(Instant before) {
    return jdbc.sql(
            """
            SELECT * FROM publications
             WHERE status IN ('scheduled', 'uploading', 'processing') AND workflow_id IS NOT NULL
               AND COALESCE(updated_at, created_at) < :before
             ORDER BY created_at
            """)
        .param("before", Timestamp.from(before))
        .query(PUBLICATION)
        .list();
  }

  /**
   * Moves a publication that has not ended to {@code state} with the reason (a workflow that ends
   * it at the same moment wins).
   *
   * @return whether it was moved
   */
  public boolean closeIfUnfinished(UUID id, String state, String reason) {
    return jdbc.sql(
                """
                UPDATE publications SET status = :state, reason = :reason, updated_at = NOW()
                 WHERE id = :id AND status IN ('scheduled', 'uploading', 'processing')
                """)
            .param("id", id)
            .param("state", state)
            .param("reason", reason)
            .update()
        == 1;
  }

  /** The run's publications, oldest first. */
  public List<PublicationRow> findByRun(String runId) {
    return jdbc.sql(
            "SELECT * FROM publications WHERE run_id = :runId ORDER BY created_at, platform")
        .param("runId", runId)
        .query(PUBLICATION)
        .list();
  }
}
