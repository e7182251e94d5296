package io.renderowl.infra.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.jdbc.core.simple.JdbcClient;

@Timeout(
    value = 2,
    unit =
        TimeUnit
            .MINUTES) // embedded PostgreSQL (a child process) shared through TestDatabase; seconds
class SchemaChangelogTest {

  private static DataSource dataSource;
  private static JdbcClient jdbc;

  @BeforeAll
  static void migrate() {
    dataSource = TestDatabase.migrated();
    jdbc = JdbcClient.create(dataSource);
  }

  @Test
  void createsTheSeedErdEngineBatchAndQuartzTables() {
    List<String> tables =
        jdbc.sql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
            .query(String.class)
            .list();

    assertThat(tables)
        .contains(
            "users",
            "projects",
            "timelines",
            "tracks",
            "clips",
            "renders",
            "social_accounts",
            "credit_transactions",
            "scheduled_jobs",
            "analytics",
            "templates",
            "batches",
            "pipeline_runs",
            "publications",
            "api_tokens",
            "render_chunks",
            "batch_job_instance",
            "batch_step_execution_context",
            "qrtz_triggers",
            "qrtz_locks");
  }

  @Test
  void createsTheSeedIndexesAndIndexesEveryForeignKey() {
    List<String> indexes =
        jdbc.sql("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")
            .query(String.class)
            .list();

    assertThat(indexes)
        .contains(
            "idx_timelines_user_id",
            "idx_timelines_project_id",
            "idx_tracks_timeline_id",
            "idx_clips_track_id",
            "idx_renders_timeline_id",
            "idx_renders_status",
            "idx_social_accounts_user_id",
            "idx_credit_transactions_user_id",
            "idx_credit_transactions_created_at",
            "idx_pipeline_runs_user_id",
            "idx_pipeline_runs_status",
            "uq_publications_run_platform_account", // run, platform and account (010)
            "uq_credit_transactions_idempotency_key",
            "uq_renders_run_id");
    assertThat(foreignKeysWithoutALeadingIndex()).isEmpty();
  }

  @Test
  void keepsTheSeedColumnTypesAndDefaults() {
    Map<String, String> timelines = columnTypes("timelines");

    assertThat(timelines)
        .containsEntry("duration", "integer")
        .containsEntry("duration_seconds", "numeric(10,3)")
        .containsEntry("resolution", "character varying(50)")
        .containsEntry("created_at", "timestamp without time zone");
    assertThat(columnTypes("clips")).containsEntry("content", "jsonb");
    assertThat(columnTypes("tracks")).containsKey("order");
    assertThat(columnDefault("renders", "status")).isEqualTo("'queued'::character varying");
    assertThat(columnDefault("scheduled_jobs", "timezone")).isEqualTo("'UTC'::character varying");
  }

  @Test
  void applyingTheChangelogAgainChangesNothing() {
    String before = changelogFingerprint();

    TestDatabase.migrate(dataSource);

    assertThat(changelogFingerprint()).isEqualTo(before);
  }

  private static String changelogFingerprint() {
    return jdbc.sql(
            "SELECT count(*) || '/' || max(orderexecuted) || '/' || max(dateexecuted)"
                + " FROM databasechangelog")
        .query(String.class)
        .single();
  }

  /** Renderowl's foreign keys whose columns do not lead some index. */
  private static List<String> foreignKeysWithoutALeadingIndex() {
    return jdbc.sql(
            """
            SELECT c.conrelid::regclass || '.' || c.conname
            FROM pg_constraint c
            WHERE c.contype = 'f'
              AND c.connamespace = 'public'::regnamespace
              AND c.conrelid::regclass::text !~ '^(batch|qrtz)_' -- vendor DDL, kept verbatim
              AND NOT EXISTS (
                SELECT 1 FROM pg_index i
                WHERE i.indrelid = c.conrelid
                  AND (i.indkey::int2[])[0:cardinality(c.conkey) - 1] = c.conkey)
            """)
        .query(String.class)
        .list();
  }

  private static Map<String, String> columnTypes(String table) {
    return jdbc
        .sql(
            """
            SELECT a.attname, format_type(a.atttypid, a.atttypmod)
            FROM pg_attribute a
            WHERE a.attrelid = CAST(:table AS regclass) AND a.attnum > 0 AND NOT a.attisdropped
            """)
        .param("table", table)
        .query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2)))
        .list()
        .stream()
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  private static String columnDefault(String table, String column) {
    return jdbc.sql(
            "SELECT column_default FROM information_schema.columns"
                + " WHERE table_name = :table AND column_name = :column")
        .param("table", table)
        .param("column", column)
        .query(String.class)
        .single();
  }
}
