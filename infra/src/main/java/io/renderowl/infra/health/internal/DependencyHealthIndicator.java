package io.renderowl.infra.health.internal;

import java.time.Duration;
import java.util.regex.Pattern;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * UP when the check answers, DOWN with what failed and why otherwise. The detail is the exception's
 * class and message, never an address with credentials: the checks use clients that were built from
 * the configured URLs and say only host and port when they fail.
 */
public final class DependencyHealthIndicator implements HealthIndicator {
  /** The user-info part of a URL ({@code //user:secret@}), dropped from any message shown. */
  private static final Pattern USER_INFO = Pattern.compile("//[^/@\\s]*@");

  private final String what;
  private final DependencyCheck check;

  public DependencyHealthIndicator(String what, DependencyCheck check) {
    this.what = what;
    this.check = check;
  }

  @Override
  public Health health() {
    long start = System.nanoTime();
    try {
      check.run();
      return Health.up()
          .withDetail("dependency", what)
          .withDetail("took_ms", Duration.ofNanos(System.nanoTime() - start).toMillis())
          .build();
    } catch (Exception | LinkageError e) {
      return Health.down().withDetail("dependency", what).withDetail("error", describe(e)).build();
    }
  }

  private String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null
            ? ""
            : ": " + USER_INFO.matcher(root.getMessage()).replaceAll("//");
    return what + " unreachable (" + root.getClass().getSimpleName() + message + ")";
  }
}
