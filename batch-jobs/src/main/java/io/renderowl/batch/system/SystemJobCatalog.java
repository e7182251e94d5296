package io.renderowl.batch.system;

import io.renderowl.infra.batch.BulkBatches;
import io.renderowl.infra.config.RenderowlSettings;
import io.renderowl.infra.pipeline.OrphanedWork;
import io.renderowl.infra.pipeline.PipelineRuns;
import io.renderowl.infra.social.SocialAnalytics;
import io.renderowl.infra.social.SocialConnections;
import io.renderowl.infra.storage.ObjectStore;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.transaction.PlatformTransactionManager;

/** The engine's system jobs and their cron schedules (UTC, Quartz syntax). */
public final class SystemJobCatalog {
  private SystemJobCatalog() {}

  public static SystemJobRunner create(
      JobRepository jobRepository,
      JobOperator jobOperator,
      PlatformTransactionManager transactions,
      DataSource dataSource,
      ObjectStore store,
      BulkBatches batches,
      RenderowlSettings settings,
      PipelineRuns runs,
      SocialConnections connections,
      SocialAnalytics analytics,
      OrphanedWork orphans) {
    RenderowlSettings.Batch b = settings.batch();
    return new SystemJobRunner(jobRepository, jobOperator, transactions)
        .register(
            "analytics-sync",
            "0 15 * * * ?",
            "read views, likes, comments and shares of published videos from the platforms (hourly)",
            new AnalyticsSync(analytics))
        .register(
            "token-refresh",
            "0 0/10 * * * ?",
            "refresh OAuth tokens that expire soon (every 10 min)",
            new TokenRefresh(connections, Duration.ofMinutes(b.refreshAheadMinutes())))
        .register(
            "artefact-cleanup",
            "0 30 3 * * ?",
            "delete expired scene assets, render intermediates and tmp/ objects from S3 (daily"
                + " 03:30)",
            new ArtefactCleanup(store, Duration.ofDays(b.artefactMaxAgeDays())))
        .register(
            "stuck-run-reaper",
            "0 0/5 * * * ?",
            "mark runs, renders, publications and bulk batches whose workflow or job ended outside them failed, report runs unchanged longer than the threshold, record bulk batches' state (every 5 min)",
            new StuckRunReaper(
                dataSource, Duration.ofMinutes(b.stuckRunMinutes()), runs, batches, orphans));
  }
}
