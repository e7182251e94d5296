package io.renderowl.infra.batch;

import java.util.List;

/**
 * The engine's housekeeping jobs (analytics sync, OAuth token refresh, artefact cleanup, stuck-run
 * reaper): Spring Batch jobs fired by Quartz on cron, and on demand.
 */
public interface SystemJobs {

  List<SystemJob> list();

  /**
   * Runs the job now and returns its report.
   *
   * @throws java.util.NoSuchElementException for an unknown name
   */
  SystemJobReport run(String name);

  /**
   * A system job.
   *
   * @param name e.g. "analytics-sync"
   * @param cron its Quartz cron (UTC)
   * @param description what it does
   */
  record SystemJob(String name, String cron, String description) {}

  /**
   * What a run of a system job did.
   *
   * @param name the job
   * @param status the Spring Batch exit status (COMPLETED, FAILED, ...)
   * @param lines the report, one finding per line
   */
  record SystemJobReport(String name, String status, List<String> lines) {
    public SystemJobReport {
      lines = List.copyOf(lines);
    }
  }
}
