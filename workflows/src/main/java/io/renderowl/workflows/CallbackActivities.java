package io.renderowl.workflows;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * Delivers completion callbacks: one signed POST per attempt, each attempt recorded; a failed
 * attempt (no answer, or not 2xx) is retried by Temporal with exponential backoff ({@link
 * #OPTIONS}). A URL the outbound guard refuses is not retried.
 *
 * <p>Implemented in the activities module's {@code io.renderowl.activities.callback} package.
 */
@ActivityInterface
public interface CallbackActivities {

  /** The failure type of a refused callback URL (not retried). */
  String REFUSED = "CallbackRefused";

  /**
   * 15 s per attempt; retries after 10 s, 20 s, 40 s, ... up to 10 min apart, 8 attempts in all
   * (about 20 minutes before a receiver is given up on).
   */
  ActivityOptions OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(15))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(10))
                  .setBackoffCoefficient(2.0)
                  .setMaximumInterval(Duration.ofMinutes(10))
                  .setMaximumAttempts(8)
                  .setDoNotRetry(REFUSED, IllegalArgumentException.class.getName())
                  .build())
          .build();

  /** POSTs {@code callback} once; throws when the receiver did not take it. */
  void deliver(CompletionCallback callback);
}
