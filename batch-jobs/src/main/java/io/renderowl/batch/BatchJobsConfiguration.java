package io.renderowl.batch;

import io.renderowl.batch.bulk.JobBackedBulkBatches;
import io.renderowl.batch.channels.ChannelFirer;
import io.renderowl.batch.channels.Channelling;
import io.renderowl.batch.channels.QuartzChannels;
import io.renderowl.batch.channels.QuartzSchedulers;
import io.renderowl.batch.channels.SchedulerLifecycle;
import io.renderowl.batch.system.SystemJobCatalog;
import io.renderowl.batch.system.SystemJobQuartzJob;
import io.renderowl.batch.system.SystemJobRunner;
import io.renderowl.infra.ai.VideoIdeas;
import io.renderowl.infra.batch.BulkBatches;
import io.renderowl.infra.config.RenderowlSettings;
import io.renderowl.infra.net.OutboundUrls;
import io.renderowl.infra.pipeline.PipelineRuns;
import io.renderowl.infra.social.SocialAccounts;
import io.renderowl.infra.social.SocialAnalytics;
import io.renderowl.infra.social.SocialConnections;
import io.renderowl.infra.storage.ObjectStore;
import javax.sql.DataSource;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Bulk batches, autopilot channels and system jobs. Import it next to InfraConfiguration in a
 * Spring Boot application: Boot's batch auto-configuration supplies the JDBC job repository and the
 * job operator (on the engine's PostgreSQL, tables from Liquibase 004); this configuration defines
 * the Quartz scheduler itself (JDBC job store, clustered, tables from Liquibase 005).
 */
@Configuration(proxyBeanMethods = false)
public class BatchJobsConfiguration {

  @Bean(destroyMethod = "close")
  JobBackedBulkBatches bulkBatches(
      JobRepository jobRepository,
      JobOperator jobOperator,
      PlatformTransactionManager transactionManager,
      DataSource dataSource,
      PipelineRuns runs,
      ObjectStore store,
      RenderowlSettings settings,
      org.springframework.beans.factory.ObjectProvider<
              io.renderowl.infra.pipeline.CompletionCallbacks>
          callbacks) {
    JobBackedBulkBatches batches =
        new JobBackedBulkBatches(
            jobRepository, jobOperator, transactionManager, dataSource, runs, store, settings);
    callbacks.ifAvailable(batches::withCallbacks); // batch completion callbacks
    return batches;
  }

  /**
   * This process's member of the clustered Quartz scheduler (started only by SchedulerLifecycle).
   */
  @Bean(destroyMethod = "shutdown")
  @DependsOn("liquibase")
  Scheduler renderowlScheduler(DataSource dataSource) throws SchedulerException {
    return QuartzSchedulers.create(dataSource, "AUTO", 4, 60_000);
  }

  @Bean
  ChannelFirer channelFirer(
      DataSource dataSource,
      PipelineRuns runs,
      JobRepository jobRepository,
      JobOperator jobOperator,
      PlatformTransactionManager transactionManager,
      ObjectProvider<VideoIdeas> ideas,
      OutboundUrls outboundUrls) {
    return Channelling.firer(
        dataSource,
        runs,
        jobRepository,
        jobOperator,
        transactionManager,
        ideas::getIfAvailable,
        outboundUrls);
  }

  @Bean
  QuartzChannels channels(
      DataSource dataSource,
      Scheduler scheduler,
      ChannelFirer firer,
      RenderowlSettings settings,
      ObjectProvider<SocialAccounts> accounts)
      throws SchedulerException {
    scheduler.getContext().put(Channelling.FIRER_KEY, firer);
    return new QuartzChannels(
        dataSource, scheduler, firer, settings.publishers(), accounts::getIfAvailable);
  }

  @Bean
  SystemJobRunner systemJobs(
      JobRepository jobRepository,
      JobOperator jobOperator,
      PlatformTransactionManager transactionManager,
      DataSource dataSource,
      ObjectStore store,
      BulkBatches bulkBatches,
      RenderowlSettings settings,
      Scheduler scheduler,
      PipelineRuns runs,
      SocialConnections connections,
      SocialAnalytics analytics,
      io.renderowl.infra.pipeline.OrphanedWork orphans)
      throws SchedulerException {
    SystemJobRunner jobs =
        SystemJobCatalog.create(
            jobRepository,
            jobOperator,
            transactionManager,
            dataSource,
            store,
            bulkBatches,
            settings,
            runs,
            connections,
            analytics,
            orphans);
    scheduler.getContext().put(SystemJobQuartzJob.RUNNER, jobs);
    return jobs;
  }

  @Bean
  SchedulerLifecycle schedulerLifecycle(
      Scheduler scheduler,
      QuartzChannels channels,
      SystemJobRunner systemJobs,
      RenderowlSettings settings) {
    return new SchedulerLifecycle(
        scheduler,
        settings.batch().scheduler(),
        () -> {
          Channelling.scheduleMissing(channels);
          try {
            systemJobs.schedule(scheduler);
          } catch (SchedulerException e) {
            throw new IllegalStateException(
                "cannot schedule the system jobs: " + e.getMessage(), e);
          }
        });
  }
}
