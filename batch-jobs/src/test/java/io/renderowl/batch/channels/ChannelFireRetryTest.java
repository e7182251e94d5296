package io.renderowl.batch.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderowl.batch.launch.JobStarts;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Which failed channel fires are tried again: a serialization conflict of PostgreSQL (SQLSTATE
 * 40001, what two channels firing at the same instant met in TwoSchedulersFaultTest), not a failure
 * that would fail again.
 */
class ChannelFireRetryTest {

  private static JobExecution failedWith(Throwable failure) {
    JobExecution execution =
        new JobExecution(1L, new JobInstance(1L, ChannelFirer.JOB_NAME), new JobParameters());
    execution.addFailureException(failure);
    return execution;
  }

  @Test
  void aSerializationConflictAtCommitIsTriedAgain() {
    SQLException conflict =
        new SQLException(
            "ERROR: could not serialize access due to read/write dependencies among transactions",
            "40001");
    assertThat(
            JobStarts.transientFailure(
                failedWith(new TransactionSystemException("JDBC commit", conflict))))
        .isTrue();
    assertThat(
            JobStarts.transientFailure(
                failedWith(new CannotAcquireLockException("JDBC commit", conflict))))
        .isTrue();
  }

  @Test
  void aConflictThrownWhileStartingTheJobIsTriedAgain() {
    SQLException conflict = new SQLException("ERROR: could not serialize access", "40001");
    assertThat(JobStarts.transientCause(new CannotAcquireLockException("JDBC commit", conflict)))
        .isTrue();
    assertThat(JobStarts.transientCause(new IllegalArgumentException("bad cron"))).isFalse();
  }

  @Test
  void otherFailuresAreNot() {
    assertThat(JobStarts.transientFailure(failedWith(new IllegalStateException("no credits"))))
        .isFalse();
    assertThat(
            JobStarts.transientFailure(
                failedWith(new SQLException("ERROR: relation \"x\" does not exist", "42P01"))))
        .isFalse();
    assertThat(
            JobStarts.transientFailure(
                new JobExecution(
                    1L, new JobInstance(1L, ChannelFirer.JOB_NAME), new JobParameters())))
        .isFalse();
  }

  @Test
  void aRunFailedOnAConflictIsStartedAgainAndAnotherFailureIsNot() throws Exception {
    SQLException conflict = new SQLException("ERROR: could not serialize access", "40001");
    java.util.concurrent.atomic.AtomicInteger starts =
        new java.util.concurrent.atomic.AtomicInteger();
    JobExecution done =
        JobStarts.runRetryingConflicts(
            "test",
            () ->
                starts.incrementAndGet() == 1
                    ? failedWith(new CannotAcquireLockException("JDBC commit", conflict))
                    : new JobExecution(
                        2L, new JobInstance(1L, ChannelFirer.JOB_NAME), new JobParameters()));
    assertThat(starts).hasValue(2);
    assertThat(done.getAllFailureExceptions()).isEmpty();

    starts.set(0);
    JobExecution failed =
        JobStarts.runRetryingConflicts(
            "test",
            () -> {
              starts.incrementAndGet();
              return failedWith(new IllegalStateException("no credits"));
            });
    assertThat(starts).hasValue(1);
    assertThat(failed.getAllFailureExceptions()).hasSize(1);
  }

  @Test
  void aRunThatKeepsMeetingConflictsGivesUpAfterItsAttempts() throws Exception {
    SQLException conflict = new SQLException("ERROR: could not serialize access", "40001");
    java.util.concurrent.atomic.AtomicInteger starts =
        new java.util.concurrent.atomic.AtomicInteger();
    JobExecution last =
        JobStarts.runRetryingConflicts(
            "test",
            () -> {
              starts.incrementAndGet();
              return failedWith(new CannotAcquireLockException("JDBC commit", conflict));
            });
    assertThat(starts).hasValue(JobStarts.ATTEMPTS);
    assertThat(JobStarts.transientFailure(last)).isTrue();
  }
}
