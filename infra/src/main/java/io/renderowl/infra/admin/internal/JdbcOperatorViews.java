package io.renderowl.infra.admin.internal;

import io.renderowl.infra.admin.OperatorViews;
import io.renderowl.infra.pipeline.PageOf;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** {@link OperatorViews} in SQL, with the audit row written in the read's transaction. */
public final class JdbcOperatorViews implements OperatorViews {

  private static final RowMapper<UserSummary> USER =
      (rs, n) ->
          new UserSummary(
              rs.getObject("id", UUID.class),
              rs.getString("email"),
              rs.getString("name"),
              rs.getString("role"),
              rs.getInt("credits_balance"),
              instant(rs, "disabled_at"),
              requireInstant(rs, "created_at"));

  private static final RowMapper<RunSummary> RUN =
      (rs, n) ->
          new RunSummary(
              rs.getString("run_id"),
              rs.getObject("user_id", UUID.class),
              rs.getString("topic"),
              rs.getString("status"),
              rs.getString("stage"),
              rs.getString("message"),
              rs.getString("error_message"),
              requireInstant(rs, "created_at"),
              instant(rs, "completed_at"));

  private static final RowMapper<RenderSummary> RENDER =
      (rs, n) ->
          new RenderSummary(
              rs.getObject("id", UUID.class),
              rs.getString("run_id"),
              rs.getObject("user_id", UUID.class),
              rs.getObject("timeline_id", UUID.class),
              rs.getString("status"),
              rs.getString("preset"),
              rs.getInt("progress"),
              rs.getString("error_message"),
              requireInstant(rs, "created_at"),
              instant(rs, "completed_at"));

  private static final RowMapper<AuditEntry> AUDIT =
      (rs, n) ->
          new AuditEntry(
              rs.getObject("admin_user_id", UUID.class),
              rs.getString("action"),
              rs.getString("channel"),
              rs.getObject("target_user_id", UUID.class),
              rs.getString("filters"),
              rs.getInt("row_count"),
              requireInstant(rs, "created_at"));

  private final JdbcClient jdbc;
  private final TransactionTemplate transaction;

  public JdbcOperatorViews(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
    this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
  }

  @Override
  public PageOf<UserSummary> users(Viewer viewer, long offset, int limit) {
    return audited(
        viewer,
        "users.list",
        null,
        null,
        () -> {
          List<UserSummary> rows =
              jdbc.sql(
                      """
                      SELECT id, email, name, role, COALESCE(credits_balance, 0) AS credits_balance,
                             disabled_at, created_at
                      FROM users ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset
                      """)
                  .param("limit", limit)
                  .param("offset", offset)
                  .query(USER)
                  .list();
          long total = jdbc.sql("SELECT count(*) FROM users").query(Long.class).single();
          return new PageOf<>(rows, total);
        });
  }

  @Override
  public PageOf<RunSummary> runs(
      Viewer viewer, @Nullable UUID userId, @Nullable String status, long offset, int limit) {
    requireOneOf(status, RUN_STATUSES);
    return audited(
        viewer,
        "runs.list",
        userId,
        filters(userId, status),
        () -> page("pipeline_runs", RUN, userId, status, offset, limit));
  }

  @Override
  public PageOf<RenderSummary> renders(
      Viewer viewer, @Nullable UUID userId, @Nullable String status, long offset, int limit) {
    requireOneOf(status, RENDER_STATUSES);
    return audited(
        viewer,
        "renders.list",
        userId,
        filters(userId, status),
        () -> page("renders", RENDER, userId, status, offset, limit));
  }

  @Override
  public List<AuditEntry> auditOf(UUID adminId, int limit) {
    return jdbc.sql(
            """
            SELECT * FROM admin_audit_log WHERE admin_user_id = :admin
            ORDER BY created_at DESC, id LIMIT :limit
            """)
        .param("admin", adminId)
        .param("limit", limit)
        .query(AUDIT)
        .list();
  }

  /** One page of a table's rows, optionally of one user and in one status, newest first. */
  private <T> PageOf<T> page(
      String table,
      RowMapper<T> mapper,
      @Nullable UUID userId,
      @Nullable String status,
      long offset,
      int limit) {
    // The table name is one of two constants above; the filters are bound parameters.
    String where =
        " WHERE (CAST(:userId AS UUID) IS NULL OR user_id = :userId)"
            + " AND (CAST(:status AS TEXT) IS NULL OR status = :status)";
    List<T> rows =
        jdbc.sql(
                "SELECT * FROM "
                    + table
                    + where
                    + " ORDER BY created_at DESC LIMIT :limit OFFSET :offset")
            .param("userId", userId)
            .param("status", status)
            .param("limit", limit)
            .param("offset", offset)
            .query(mapper)
            .list();
    long total =
        jdbc.sql("SELECT count(*) FROM " + table + where)
            .param("userId", userId)
            .param("status", status)
            .query(Long.class)
            .single();
    return new PageOf<>(rows, total);
  }

  private <T> PageOf<T> audited(
      Viewer viewer,
      String action,
      @Nullable UUID targetUserId,
      @Nullable String filters,
      java.util.function.Supplier<PageOf<T>> read) {
    PageOf<T> page =
        transaction.execute(status -> {
          PageOf<T> rows = read.get();
          jdbc.sql(
                  """
                  INSERT INTO admin_audit_log
                      (admin_user_id, action, channel, target_user_id, filters, row_count)
                  VALUES (:admin, :action, :channel, :target, :filters, :rows)
                  """)
              .param("admin", viewer.adminId())
              .param("action", action)
              .param("channel", viewer.channel())
              .param("target", targetUserId)
              .param("filters", filters)
              .param("rows", rows.rows().size())
              .update();
          return rows;
        });
    if (page == null) {
      throw new IllegalStateException("the " + action + " read returned nothing");
    }
    return page;
  }

  private static @Nullable String filters(@Nullable UUID userId, @Nullable String status) {
    List<String> parts = new ArrayList<>();
    if (userId != null) {
      parts.add("user_id=" + userId);
    }
    if (status != null) {
      parts.add("status=" + status);
    }
    return parts.isEmpty() ? null : String.join("&", parts);
  }

  private static void requireOneOf(@Nullable String status, List<String> allowed) {
    if (status != null && !allowed.contains(status)) {
      throw new IllegalArgumentException(
          "status must be one of " + String.join(", ", allowed) + ", got '" + status + "'");
    }
  }

  private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  private static Instant requireInstant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? Instant.EPOCH : t.toInstant();
  }
}
