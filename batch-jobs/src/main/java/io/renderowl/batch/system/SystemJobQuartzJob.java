package io.renderowl.batch.system;

import io.renderowl.infra.batch.SystemJobs;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Quartz's side of a system job: runs it and logs its report. */
@DisallowConcurrentExecution
public final class SystemJobQuartzJob implements Job {
  static final String NAME = "systemJob";
  public static final String RUNNER = "renderowl.systemJobs";
  private static final Logger LOG = LoggerFactory.getLogger(SystemJobQuartzJob.class);

  @Override
  public void execute(JobExecutionContext context) throws JobExecutionException {
    try {
      SystemJobs jobs = (SystemJobs) context.getScheduler().getContext().get(RUNNER);
      SystemJobs.SystemJobReport r = jobs.run(context.getMergedJobDataMap().getString(NAME));
      LOG.info("system job {} {}: {}", r.name(), r.status(), String.join(" | ", r.lines()));
    } catch (SchedulerException e) {
      throw new JobExecutionException(e);
    }
  }
}
