package io.renderowl.infra.persistence;

import io.renderowl.infra.net.WebhookSignature;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Completion callbacks: each user's signing secret ({@code users.webhook_secret}, created on first
 * use), the callback URL of a run, and one {@code webhook_deliveries} row per POST.
 */
public class WebhookDeliveryRepository {

  /**
   * One POST of a callback.
   *
   * @param deliveryId the same for every attempt of one callback (the receiver's idempotency key)
   * @param userId whose callback
   * @param subjectType run, render or batch
   * @param subjectId its id
   * @param eventStatus what is announced: completed, failed, cancelled
   * @param target scheme, host and port the POST went to (never the path or query)
   * @param attempt 1-based
   * @param statusCode the receiver's HTTP status, null when there was no answer
   * @param outcome delivered, failed or refused
   * @param error why it failed, null when delivered
   * @param durationMs how long the exchange took
   * @param attemptedAt when (set by the database)
   */
  public record Attempt(
      String deliveryId,
      UUID userId,
      String subjectType,
      String subjectId,
      String eventStatus,
      String target,
      int attempt,
      Integer statusCode,
      String outcome,
      String error,
      long durationMs,
      OffsetDateTime attemptedAt) {}

  private final JdbcClient jdbc;

  public WebhookDeliveryRepository(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
  }

  /** The user's signing secret; created (once, whoever asks first) when the user has none. */
  public String secretOf(UUID userId) {
    jdbc.sql("UPDATE users SET webhook_secret = :secret WHERE id = :id AND webhook_secret IS NULL")
        .param("secret", WebhookSignature.newSecret())
        .param("id", userId)
        .update();
    return jdbc.sql("SELECT webhook_secret FROM users WHERE id = :id")
        .param("id", userId)
        .query(String.class)
        .optional()
        .orElseThrow(() -> new IllegalArgumentException("no user " + userId));
  }

  /** Sets the callback URL of a run (null for none). */
  public void setRunCallback(String runId, String callbackUrl) {
    jdbc.sql("UPDATE pipeline_runs SET callback_url = :url WHERE run_id = :runId")
        .param("url", callbackUrl)
        .param("runId", runId)
        .update();
  }

  /** The callback URL of a run, if it has one. */
  public Optional<String> runCallback(String runId) {
    return jdbc.sql("SELECT callback_url FROM pipeline_runs WHERE run_id = :runId")
        .param("runId", runId)
        .query(String.class)
        .optional();
  }

  /** Records one attempt ({@code attemptedAt} is ignored: the database sets it). */
  public void record(Attempt a) {
    jdbc.sql(
            """
            INSERT INTO webhook_deliveries (delivery_id, user_id, subject_type, subject_id,
              event_status, target, attempt, status_code, outcome, error, duration_ms)
            VALUES (:deliveryId, :userId, :subjectType, :subjectId, :eventStatus, :target,
              :attempt, :statusCode, :outcome, :error, :durationMs)
            """)
        .param("deliveryId", a.deliveryId())
        .param("userId", a.userId())
        .param("subjectType", a.subjectType())
        .param("subjectId", a.subjectId())
        .param("eventStatus", a.eventStatus())
        .param("target", a.target())
        .param("attempt", a.attempt())
        .param("statusCode", a.statusCode())
        .param("outcome", a.outcome())
        .param("error", a.error())
        .param("durationMs", a.durationMs())
        .update();
  }

  /**
   * One callback's attempts summed up: its status (delivered, refused, failed after the last
   * attempt, retrying), the last attempt's number, status code and error, with the number of
   * attempts and the first and last times.
   */
  public record Summary(
      String deliveryId,
      String subjectType,
      String subjectId,
      String eventStatus,
      String target,
      int attempts,
      int lastAttempt,
      Integer lastStatusCode,
      String status,
      String lastError,
      OffsetDateTime firstAttemptAt,
      OffsetDateTime lastAttemptAt) {}

  private static final String SUMMARIES =
      """
      WITH last AS (
        SELECT DISTINCT ON (delivery_id) delivery_id, subject_type, subject_id, event_status,
               target, attempt, status_code, outcome, error, attempted_at
        FROM webhook_deliveries WHERE user_id = :userId
        ORDER BY delivery_id, id DESC),
      agg AS (
        SELECT delivery_id, COUNT(*) AS attempts, MIN(attempted_at) AS first_at
        FROM webhook_deliveries WHERE user_id = :userId GROUP BY delivery_id),
      summary AS (
        SELECT last.*, agg.attempts, agg.first_at,
               CASE WHEN last.outcome = 'delivered' THEN 'delivered'
                    WHEN last.outcome = 'refused' THEN 'refused'
                    WHEN last.attempt >= :maxAttempts THEN 'failed'
                    ELSE 'retrying' END AS status
        FROM last JOIN agg USING (delivery_id))
      """;

  private static final String FILTERS =
      """
      WHERE (CAST(:kind AS TEXT) IS NULL OR subject_type = :kind)
        AND (CAST(:subjectId AS TEXT) IS NULL OR subject_id = :subjectId)
        AND (CAST(:status AS TEXT) IS NULL OR status = :status)
      """;

  /**
   * The user's callbacks, most recent attempt first, filtered by whatever is not null; {@code
   * status} is delivered, refused, failed (the last of {@code maxAttempts} attempts failed) or
   * retrying.
   */
  public List<Summary> summaries(
      UUID userId,
      String subjectType,
      String subjectId,
      String status,
      int maxAttempts,
      long offset,
      int limit) {
    return jdbc.sql(
            SUMMARIES
                + "SELECT * FROM summary "
                + FILTERS
                + " ORDER BY attempted_at DESC, delivery_id LIMIT :limit OFFSET :offset")
        .param("userId", userId)
        .param("maxAttempts", maxAttempts)
        .param("kind", subjectType)
        .param("subjectId", subjectId)
        .param("status", status)
        .param("limit", limit)
        .param("offset", offset)
        .query((rs, n) ->
            new Summary(
                rs.getString("delivery_id"),
                rs.getString("subject_type"),
                rs.getString("subject_id"),
                rs.getString("event_status"),
                rs.getString("target"),
                rs.getInt("attempts"),
                rs.getInt("attempt"),
                (Integer) rs.getObject("status_code"),
                rs.getString("status"),
                rs.getString("error"),
                rs.getObject("first_at", OffsetDateTime.class),
                rs.getObject("attempted_at", OffsetDateTime.class)))
        .list();
  }

  /** How many of the user's callbacks {@link #summaries} filters to. */
  public long countSummaries(
      UUID userId, String subjectType, String subjectId, String status, int maxAttempts) {
    return jdbc.sql(SUMMARIES + "SELECT COUNT(*) FROM summary " + FILTERS)
        .param("userId", userId)
        .param("maxAttempts", maxAttempts)
        .param("kind", subjectType)
        .param("subjectId", subjectId)
        .param("status", status)
        .query(Long.class)
        .single();
  }

  /** Every attempt of one callback, oldest first, scoped to its user. */
  public List<Attempt> attemptsOf(UUID userId, String deliveryId) {
    return jdbc.sql(
            """
            SELECT delivery_id, user_id, subject_type, subject_id, event_status, target, attempt,
                   status_code, outcome, error, duration_ms, attempted_at
            FROM webhook_deliveries
            WHERE user_id = :userId AND delivery_id = :deliveryId
            ORDER BY id
            """)
        .param("userId", userId)
        .param("deliveryId", deliveryId)
        .query(WebhookDeliveryRepository::attempt)
        .list();
  }

  private static Attempt attempt(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
    return new Attempt(
        rs.getString("delivery_id"),
        rs.getObject("user_id", UUID.class),
        rs.getString("subject_type"),
        rs.getString("subject_id"),
        rs.getString("event_status"),
        rs.getString("target"),
        rs.getInt("attempt"),
        (Integer) rs.getObject("status_code"),
        rs.getString("outcome"),
        rs.getString("error"),
        rs.getLong("duration_ms"),
        rs.getObject("attempted_at", OffsetDateTime.class));
  }

  /** Every attempt for a subject, oldest first, scoped to its user. */
  public List<Attempt> attempts(UUID userId, String subjectType, String subjectId) {
    return jdbc.sql(
            """
            SELECT delivery_id, user_id, subject_type, subject_id, event_status, target, attempt,
                   status_code, outcome, error, duration_ms, attempted_at
            FROM webhook_deliveries
            WHERE user_id = :userId AND subject_type = :type AND subject_id = :id
            ORDER BY id
            """)
        .param("userId", userId)
        .param("type", subjectType)
        .param("id", subjectId)
        .query((rs, n) ->
            new Attempt(
                rs.getString("delivery_id"),
                rs.getObject("user_id", UUID.class),
                rs.getString("subject_type"),
                rs.getString("subject_id"),
                rs.getString("event_status"),
                rs.getString("target"),
                rs.getInt("attempt"),
                (Integer) rs.getObject("status_code"),
                rs.getString("outcome"),
                rs.getString("error"),
                rs.getLong("duration_ms"),
                rs.getObject("attempted_at", OffsetDateTime.class)))
        .list();
  }
}
