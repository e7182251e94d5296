package io.renderowl.batch.launch;

import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.dao.TransientDataAccessException;

/**
 * Starting Spring Batch jobs through database conflicts that pass when tried again. The job
 * repository creates a job's records in a SERIALIZABLE transaction, and PostgreSQL cancels one of
 * two such transactions running at the same time (SQLSTATE 40001, "could not serialize access"):
 * two channels firing at the same instant, a system job and a batch starting together; without a
 * retry the losing channel's slot is lost and the system job's run is skipped. SERIALIZABLE stays:
 * it is what keeps two processes from creating two executions of one job instance; the losing start
 * is tried again instead.
 */
public final class JobStarts {
  private static final Logger LOG = LoggerFactory.getLogger(JobStarts.class);

  /** Attempts of a start (or of a run that failed on a transient conflict). */
  public static final int ATTEMPTS = 4;

  private JobStarts() {}

  /**
   * Starts {@code job}; a start refused on a transient conflict is tried again (up to {@link
   * #ATTEMPTS}, 200 ms more between each). Other failures are thrown at once.
   */
  public static JobExecution start(JobOperator operator, Job job, JobParameters params, String what)
      throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        return operator.start(job, params);
      } catch (RuntimeException e) {
        if (attempt >= ATTEMPTS || !transientCause(e)) {
          throw e;
        }
        LOG.info(
            "{}: transient database conflict starting its job, trying again ({}/{})",
            what,
            attempt + 1,
            ATTEMPTS);
        Thread.sleep(200L * (attempt + 1));
      }
    }
  }

  /**
   * Runs {@code run} (a job start, see {@link #start}) and runs it again while its execution failed
   * on a transient conflict: the failed job instance is restarted, so a job whose steps are
   * idempotent does its work once.
   */
  public static JobExecution runRetryingConflicts(String what, StartAttempt run) throws Exception {
    JobExecution e = run.start();
    for (int attempt = 2; attempt <= ATTEMPTS && transientFailure(e); attempt++) {
      LOG.info("{}: transient database conflict, trying again ({}/{})", what, attempt, ATTEMPTS);
      Thread.sleep(200L * attempt);
      e = run.start();
    }
    return e;
  }

  /** One start of a job. */
  @FunctionalInterface
  public interface StartAttempt {
    JobExecution start() throws Exception;
  }

  /** Whether the execution failed on a conflict that passes when tried again (SQLSTATE 40xxx). */
  public static boolean transientFailure(JobExecution execution) {
    return execution.getAllFailureExceptions().stream().anyMatch(JobStarts::transientCause);
  }

  /** Whether {@code failure} or a cause is a conflict that passes when tried again. */
  public static boolean transientCause(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof TransientDataAccessException
          || (t instanceof SQLException sql
              && sql.getSQLState() != null
              && sql.getSQLState().startsWith("40"))) {
        return true;
      }
    }
    return false;
  }
}
