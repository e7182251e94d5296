package io.renderowl.infra.persistence;

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
              Columns.instant(rs, "created_at"));

  private final JdbcClient jdbc;

  public PublicationRepository(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
  }

  public Optional<PublicationRow> find(String runId, String platform) {
    return jdbc.sql("SELECT * FROM publications WHERE run_id = :runId AND platform = :platform")
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
            ON CONFLICT (run_id, platform) DO NOTHING
            """)
        .param("runId", runId)
        .param("userId", userId)
        .param("renderId", renderId)
        .param("platform", platform)
        .param("location", location)
        .param("metadata", metadataJson)
        .update();
    return find(runId, platform).orElseThrow();
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
