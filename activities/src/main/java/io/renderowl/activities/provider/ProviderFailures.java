package io.renderowl.activities.provider;

import io.temporal.failure.ApplicationFailure;
import java.time.Duration;

/**
 * The failures providers raise, as Temporal application failures: retryable ones carry the delay
 * before the next attempt (Retry-After or a jittered backoff), so a long wait is a Temporal
 * activity retry rather than a sleeping worker thread; non-retryable ones carry the provider's own
 * message.
 */
public final class ProviderFailures {
  /** 429: the provider asked us to slow down. */
  public static final String RATE_LIMITED = "ProviderRateLimited";

  /**
   * Our own shared token bucket for the provider is empty for now: a delay (the activity is retried
   * after the announced time), never a reason to hand the work to a lower-quality source.
   */
  public static final String OWN_RATE_LIMITED = "OwnRateLimited";

  /** 5xx, 408, timeouts, connection errors: try again later. */
  public static final String UNAVAILABLE = "ProviderUnavailable";

  /** 400/401/403/404/422: the request can never succeed as it is. */
  public static final String REJECTED = "ProviderRejected";

  /** The provider answered 200 with something unusable (malformed JSON, wrong media). */
  public static final String BAD_OUTPUT = "ProviderBadOutput";

  /** The model's structured output stayed invalid after the bounded repairs. */
  public static final String INVALID_MODEL_OUTPUT = "InvalidModelOutput";

  /** No source had anything for the request. */
  public static final String NO_RESULT = "ProviderNoResult";

  /** Speech audio that does not decode or is too short for its text. */
  public static final String AUDIO_TRUNCATED = "AudioTruncated";

  private ProviderFailures() {}

  public static ApplicationFailure retryable(String type, String message, Duration nextRetryDelay) {
    return ApplicationFailure.newBuilder()
        .setType(type)
        .setMessage(message)
        .setNonRetryable(false)
        .setNextRetryDelay(nextRetryDelay)
        .build();
  }

  public static ApplicationFailure retryable(String type, String message) {
    return ApplicationFailure.newBuilder()
        .setType(type)
        .setMessage(message)
        .setNonRetryable(false)
        .build();
  }

  public static ApplicationFailure nonRetryable(String type, String message) {
    return ApplicationFailure.newBuilder()
        .setType(type)
        .setMessage(message)
        .setNonRetryable(true)
        .build();
  }
}
