package io.renderowl.batch.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import liquibase.integration.spring.SpringLiquibase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.quartz.CronScheduleBuilder;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.springframework.core.io.DefaultResourceLoader;

/** Clustered Quartz on the embedded PostgreSQL, configured as the engine configures it. */
@Tag("system")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class QuartzClusterSystemTest {
  static EmbeddedPostgres postgres;
  static DataSource db;

  /** Fires per (job, scheduled instant), and which instance fired. */
  static final Map<String, AtomicInteger> FIRES = new ConcurrentHashMap<>();

  static final Map<String, String> FIRED_BY = new ConcurrentHashMap<>();

  public static final class CountingJob implements Job {
    @Override
    public void execute(JobExecutionContext context) {
      try {
        String key =
            context.getJobDetail().getKey().getName()
                + "@"
                + context.getScheduledFireTime().toInstant();
        FIRES.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        FIRED_BY.put(key, context.getScheduler().getSchedulerInstanceId());
      } catch (org.quartz.SchedulerException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @BeforeAll
  static void database() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    db = postgres.getPostgresDatabase();
    SpringLiquibase liquibase = new SpringLiquibase();
    liquibase.setDataSource(db);
    liquibase.setChangeLog("classpath:db/changelog/db.changelog-master.yaml");
    liquibase.setResourceLoader(new DefaultResourceLoader());
    liquibase.afterPropertiesSet();
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
  }

  @Test
  void twoSchedulerInstancesOnOneDatabaseFireEachInstantOnce() throws Exception {
    Scheduler a = QuartzSchedulers.create(db, "member-a", 4, 60_000);
    Scheduler b = QuartzSchedulers.create(db, "member-b", 4, 60_000);
    try {
      JobDetail job =
          JobBuilder.newJob(CountingJob.class)
              .withIdentity("every-second", "test")
              .storeDurably()
              .build();
      Trigger trigger =
          TriggerBuilder.newTrigger()
              .withIdentity("every-second", "test")
              .forJob(job)
              .withSchedule(
                  CronScheduleBuilder.cronSchedule("* * * * * ?")
                      .withMisfireHandlingInstructionFireAndProceed())
              .build();
      a.scheduleJob(job, java.util.Set.of(trigger), true);
      a.start();
      b.start();
      // Twelve one-second instants take twelve seconds; the bound leaves room for a loaded machine.
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(100))
          .until(() ->
              FIRES.keySet().stream().filter(k -> k.startsWith("every-second@")).count() >= 12);
      a.deleteJob(job.getKey());
    } finally {
      a.shutdown(true);
      b.shutdown(true);
    }
    Map<String, Integer> perInstant = new java.util.TreeMap<>();
    FIRES.forEach((k, v) -> {
      if (k.startsWith("every-second@")) {
        perInstant.put(k, v.get());
      }
    });
    assertThat(perInstant).hasSizeGreaterThanOrEqualTo(12);
    assertThat(perInstant.values()).as("fires per instant " + perInstant).allMatch(n -> n == 1);
    assertThat(
            FIRED_BY.entrySet().stream()
                .filter(e -> e.getKey().startsWith("every-second@"))
                .map(Map.Entry::getValue))
        .isSubsetOf("member-a", "member-b");
  }

  @Test
  void afterDowntimeAMissedFireRunsOnceNotOncePerMissedInstant() throws Exception {
    // The trigger was due every hour for the last five hours while no scheduler ran.
    Scheduler offline = QuartzSchedulers.create(db, "member-offline", 1, 1_000);
    JobDetail job =
        JobBuilder.newJob(CountingJob.class).withIdentity("hourly", "test").storeDurably().build();
    Instant fiveHoursAgo = Instant.now().minusSeconds(5 * 3600 + 60);
    Trigger trigger =
        TriggerBuilder.newTrigger()
            .withIdentity("hourly", "test")
            .forJob(job)
            .startAt(Date.from(fiveHoursAgo))
            .withSchedule(
                CronScheduleBuilder.cronSchedule("0 0 * * * ?")
                    .withMisfireHandlingInstructionFireAndProceed())
            .build();
    offline.scheduleJob(job, java.util.Set.of(trigger), true);
    offline.shutdown();

    Scheduler back = QuartzSchedulers.create(db, "member-back", 2, 1_000);
    try {
      back.start();
      await()
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> FIRES.keySet().stream().anyMatch(k -> k.startsWith("hourly@")));
      // Part of the scenario, not a wait for a condition: leaves room for any further (wrong)
      // catch-up fires to show up before they are counted.
      Thread.sleep(3_000);
      Date next = back.getTrigger(TriggerKey.triggerKey("hourly", "test")).getNextFireTime();
      long fires =
          FIRES.entrySet().stream()
              .filter(e -> e.getKey().startsWith("hourly@"))
              .mapToInt(e -> e.getValue().get())
              .sum();
      assertThat(fires).as("one catch-up fire for five missed hours").isEqualTo(1);
      assertThat(next.toInstant()).isAfter(Instant.now());
      assertThat(next.toInstant().getEpochSecond() % 3600)
          .as("back on the hourly schedule")
          .isZero();
      back.deleteJob(job.getKey());
    } finally {
      back.shutdown(true);
    }
  }
}
