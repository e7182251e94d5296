package io.renderowl.infra.users;

import java.time.Duration;

/** A token bucket per user (or per client address for sign-in requests), shared by all servers. */
public interface RequestRateLimit {

  /** No limit. */
  RequestRateLimit UNLIMITED = key -> Duration.ZERO;

  /** Takes one request from the key's bucket: zero when allowed, else how long until one is. */
  Duration tryAcquire(String key);
}
