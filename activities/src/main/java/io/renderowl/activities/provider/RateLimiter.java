package io.renderowl.activities.provider;

import java.time.Duration;

/** Admission for calls to one provider. */
public interface RateLimiter {

  /**
   * Takes a token for {@code provider}.
   *
   * @return {@link Duration#ZERO} when a token was taken, else how long until one is free
   */
  Duration tryAcquire(String provider);

  /** A limiter that always admits (tests and offline use). */
  RateLimiter UNLIMITED = provider -> Duration.ZERO;
}
