package io.renderowl.batch.system;

import io.renderowl.batch.launch.JobStarts;
import io.renderowl.infra.batch.SystemJobs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The system jobs as Spring Batch jobs ("system-NAME", a new instance per run), fired by Quartz on
 * cron (group "system", UTC) and on demand. Each writes its report lines into its step's
 * ExecutionContext and returns them.
 */
public final class SystemJobRunner implements SystemJobs {
  static final String GROUP = "system";

  /** What a system job does: appends its findings to the report. */
  public interface Task {
    void run(List<String> report) throws Exception;
  }

  record Definition(SystemJob job, Task task) {}

  private final Map<String, Definition> jobs = new LinkedHashMap<>();
  private final JobRepository jobRepository;
  private final JobOperator jobOperator;
  private final PlatformTransactionManager transactions;

  public SystemJobRunner(
      JobRepository jobRepository,
      JobOperator jobOperator,
      PlatformTransactionManager transactions) {
    this.jobRepository = jobRepository;
    this.jobOperator = jobOperator;
    this.transactions = transactions;
  }

  public SystemJobRunner register(String name, String cron, String description, Task task) {
    jobs.put(name, new Definition(new SystemJob(name, cron, description), task));
    return this;
  }

  @Override
  public List<SystemJob> list() {
    return jobs.values().stream().map(Definition::job).toList();
  }

  @Override
  public SystemJobReport run(String name) {
    Definition d = jobs.get(name);
    if (d == null) {
      throw new NoSuchElementException(
          "no system job '" + name + "' (known: " + String.join(", ", jobs.keySet()) + ")");
    }
    List<String> report = new ArrayList<>();
    JobParameters params =
        new JobParametersBuilder()
            .addString("at", Instant.now().toString(), true)
            .toJobParameters();
    try {
      // a start or a run cancelled by a serialization conflict with another job is tried again
      // (the same instance restarted; every system task is idempotent)
      JobExecution e =
          JobStarts.runRetryingConflicts(
              "system job " + name,
              () -> {
                report.clear();
                return JobStarts.start(jobOperator, job(d, report), params, "system job " + name);
              });
      e.getAllFailureExceptions().forEach(t -> report.add("FAILED: " + t.getMessage()));
      return new SystemJobReport(name, e.getExitStatus().getExitCode(), report);
    } catch (Exception e) {
      report.add("FAILED: " + e.getMessage());
      return new SystemJobReport(name, "FAILED", report);
    }
  }

  private org.springframework.batch.core.job.Job job(Definition d, List<String> report) {
    String name = d.job().name();
    return new JobBuilder("system-" + name, jobRepository)
        .start(
            new StepBuilder(name, jobRepository)
                .tasklet(
                    (contribution, chunk) -> {
                      d.task().run(report);
                      contribution
                          .getStepExecution()
                          .getExecutionContext()
                          .putString("report", String.join("\n", report));
                      return RepeatStatus.FINISHED;
                    },
                    transactions)
                .build())
        .build();
  }

  /** Writes every system job's Quartz job and cron trigger (UTC) to the clustered store. */
  public void schedule(Scheduler scheduler) throws SchedulerException {
    for (Definition d : jobs.values()) {
      JobDetail job =
          org.quartz.JobBuilder.newJob(SystemJobQuartzJob.class)
              .withIdentity(d.job().name(), GROUP)
              .withDescription(d.job().description())
              .usingJobData(SystemJobQuartzJob.NAME, d.job().name())
              .storeDurably()
              .build();
      Trigger trigger =
          TriggerBuilder.newTrigger()
              .withIdentity(d.job().name(), GROUP)
              .forJob(job)
              .withSchedule(
                  CronScheduleBuilder.cronSchedule(d.job().cron())
                      .withMisfireHandlingInstructionFireAndProceed())
              .build();
      scheduler.scheduleJob(job, Set.of(trigger), true);
    }
  }
}
