package io.renderowl.infra.batch;

import java.time.Instant;
import java.util.List;

/**
 * Where a batch stands. Counts cover the rows read so far; {@code reading} is true while the job is
 * still reading the file.
 *
 * @param state where the batch stands
 * @param jobStatus the Spring Batch job's status (STARTED, COMPLETED, FAILED, ...) or "none"
 * @param rowsRead input rows read and committed so far (valid and skipped)
 * @param queued runs started and waiting for a worker or a concurrency permit
 * @param running runs in progress
 * @param completed runs that published their video
 * @param failed runs that failed
 * @param skipped rows that were not started (see {@code skipReport})
 * @param progress percent of rows read whose run ended or that were skipped (0 while reading
 *     nothing)
 * @param rows per-row outcome, from the requested offset
 * @param skipReport every skipped row with its reason, in file order
 * @param timings the job's timings when it ran in this process, else null
 */
public record BatchProgress(
    String id,
    String userId,
    String name,
    BulkBatchState state,
    String jobStatus,
    boolean reading,
    int rowsRead,
    int queued,
    int running,
    int completed,
    int failed,
    int skipped,
    int progress,
    List<RowOutcome> rows,
    List<SkippedRow> skipReport,
    JobTimings timings,
    Instant createdAt,
    Instant updatedAt) {

  public BatchProgress {
    rows = List.copyOf(rows);
    skipReport = List.copyOf(skipReport);
  }

  /**
   * Whether nothing more will change: reading is done and every started run ended (or it failed).
   */
  public boolean finished() {
    return state.finished();
  }

  /** Runs started so far. */
  public int started() {
    return queued + running + completed + failed;
  }

  /**
   * One input row and what became of it.
   *
   * @param line line of the file the row starts on (1-based; a CSV's header is line 1)
   * @param topic the row's topic
   * @param runId the pipeline run it started, null when skipped
   * @param state its run's state, or skipped; null when its run's row is missing
   * @param outputUrl a link to the video for completed runs, else null
   * @param reason why it failed or was skipped, else null
   */
  public record RowOutcome(
      int line, String topic, String runId, BatchRowState state, String outputUrl, String reason) {}

  /**
   * How the batch's job spent its time in this process (the last execution).
   *
   * @param started when the job started
   * @param ended when it ended (every row read and every valid row started), else null
   * @param rowsRead rows read by this process
   * @param readMillis time spent reading rows
   * @param validateMillis time spent validating rows
   * @param startMillis time spent starting workflows and recording items
   * @param workflowsCreated workflows this process started
   * @param workflowsFound rows whose workflow had been started before (a restarted chunk)
   */
  public record JobTimings(
      Instant started,
      Instant ended,
      long rowsRead,
      long readMillis,
      long validateMillis,
      long startMillis,
      long workflowsCreated,
      long workflowsFound) {}

  /**
   * A row that was not started.
   *
   * @param line line of the file the row starts on
   * @param reason every problem with the row
   * @param topic the row's topic as read (null when it had none or it is not known)
   */
  public record SkippedRow(int line, String reason, String topic) {
    public SkippedRow(int line, String reason) {
      this(line, reason, null);
    }
  }
}
