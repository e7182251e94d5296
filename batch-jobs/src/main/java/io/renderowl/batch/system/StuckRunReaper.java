package io.renderowl.batch.system;

import io.renderowl.infra.batch.BulkBatches;
import io.renderowl.infra.pipeline.OrphanedWork;
import io.renderowl.infra.pipeline.PipelineRuns;
import io.renderowl.workflows.RunState;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * First marks failed the unfinished runs whose Temporal execution is gone or was closed from
 * outside ({@link PipelineRuns#reconcileUnfinished}) and gives back the fair-concurrency permits of
 * runs whose workflow is not running ({@link PipelineRuns#releaseOrphanedPermits}), then reports
 * runs that have not changed for longer than RENDEROWL_STUCK_RUN_MINUTES while queued or running.
 * It reports those, it does not kill them: a queued run may be waiting for a fair-concurrency
 * permit, and `owl watch RUN` resumes one whose worker died. It then records the state of
 * unfinished bulk batches ({@link BulkBatches#reconcile}), so that a batch whose last run ended
 * after its job is stored as completed; status reads only derive it.
 *
 * <p>It also closes the renders and publications whose workflow is gone ({@link OrphanedWork}), and
 * marks failed the bulk batches whose job no live process runs any more ({@link
 * BulkBatches#failAbandoned}), so nothing stays {@code rendering}, {@code uploading} or {@code
 * running} forever.
 */
final class StuckRunReaper implements SystemJobRunner.Task {
  private final JdbcClient jdbc;
  private final Duration threshold;
  private final PipelineRuns runs;
  private final BulkBatches batches;
  private final OrphanedWork orphans;

  /**
   * How old a render or publication must be before its missing workflow counts: a render's row is
   * written just before its workflow starts.
   */
  static final Duration GRACE = Duration.ofMinutes(2);

  StuckRunReaper(
      DataSource dataSource,
      Duration threshold,
      PipelineRuns runs,
      BulkBatches batches,
      OrphanedWork orphans) {
    this.jdbc = JdbcClient.create(dataSource);
    this.threshold = threshold;
    this.runs = runs;
    this.batches = batches;
    this.orphans = orphans;
  }

  @Override
  public void run(List<String> report) {
    List<String> ended = runs.reconcileUnfinished();
    if (!ended.isEmpty()) {
      report.add(ended.size() + " run(s) whose workflow had ended outside the run marked failed:");
      ended.forEach(id -> report.add("  " + id));
    }
    List<String> released = runs.releaseOrphanedPermits();
    if (!released.isEmpty()) {
      report.add(
          released.size()
              + " fair-concurrency permit(s) of runs whose workflow is not running given back:");
      released.forEach(id -> report.add("  " + id));
    }
    List<String> stuck =
        jdbc.sql(
                """
                SELECT run_id || ' ' || status || ' at ' || stage || ', unchanged since ' || updated_at || ': ' || left(topic, 60)
                FROM pipeline_runs WHERE status IN (:unfinished) AND updated_at < :before ORDER BY updated_at
                """)
            .param("unfinished", List.of(RunState.QUEUED.label(), RunState.RUNNING.label()))
            .param("before", Timestamp.from(Instant.now().minus(threshold)))
            .query(String.class)
            .list();
    if (stuck.isEmpty()) {
      report.add("no run unchanged for more than " + threshold.toMinutes() + " min");
    } else {
      report.add(
          stuck.size() + " run(s) unchanged for more than " + threshold.toMinutes() + " min:");
      stuck.forEach(s -> report.add("  " + s));
    }
    section(
        report,
        orphans.failOrphanedRenders(GRACE),
        " render(s) whose workflow is gone marked failed:");
    section(
        report,
        orphans.closeOrphanedPublications(GRACE),
        " publication(s) whose workflow is gone closed:");
    section(
        report,
        batches.failAbandoned(threshold),
        " bulk batch(es) whose job no live process runs marked failed:");
    report.add(batches.reconcile() + " bulk batch state(s) brought up to date");
  }

  private static void section(List<String> report, List<String> lines, String title) {
    if (!lines.isEmpty()) {
      report.add(lines.size() + title);
      lines.forEach(l -> report.add("  " + l));
    }
  }
}
