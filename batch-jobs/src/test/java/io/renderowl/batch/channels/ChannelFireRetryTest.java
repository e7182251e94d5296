package io.renderowl.batch.channels;

import static org.assertj.core.api.Assertions.assertThat;

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
            ChannelFirer.transientFailure(
                failedWith(new TransactionSystemException("JDBC commit", conflict))))
        .isTrue();
    assertThat(
            ChannelFirer.transientFailure(
                failedWith(new CannotAcquireLockException("JDBC commit", conflict))))
        .isTrue();
  }

  @Test
  void aConflictThrownWhileStartingTheJobIsTriedAgain() {
    SQLException conflict = new SQLException("ERROR: could not serialize access", "40001");
    assertThat(ChannelFirer.transientCause(new CannotAcquireLockException("JDBC commit", conflict)))
        .isTrue();
    assertThat(ChannelFirer.transientCause(new IllegalArgumentException("bad cron"))).isFalse();
  }

  @Test
  void otherFailuresAreNot() {
    assertThat(ChannelFirer.transientFailure(failedWith(new IllegalStateException("no credits"))))
        .isFalse();
    assertThat(
            ChannelFirer.transientFailure(
                failedWith(new SQLException("ERROR: relation \"x\" does not exist", "42P01"))))
        .isFalse();
    assertThat(
            ChannelFirer.transientFailure(
                new JobExecution(
                    1L, new JobInstance(1L, ChannelFirer.JOB_NAME), new JobParameters())))
        .isFalse();
  }
}
