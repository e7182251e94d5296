package io.renderowl.infra.health.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One check of a dependency, UP with how long it took or DOWN with what failed and why. The detail
 * is the exception's class and message, never an address with credentials: the checks use clients
 * that were built from the configured URLs and say only host and port when they fail. Both the
 * Actuator indicators and a render-only worker's own management server report through it.
 */
public final class DependencyProbe {
  /** The user-info part of a URL ({@code //user:secret@}), dropped from any message shown. */
  private static final Pattern USER_INFO = Pattern.compile("//[^/@\\s]*@");

  /** A check's outcome: its details as Actuator shows them. */
  public record Result(boolean up, Map<String, Object> details) {}

  private final String what;
  private final DependencyCheck check;

  public DependencyProbe(String what, DependencyCheck check) {
    this.what = what;
    this.check = check;
  }

  public Result probe() {
    long start = System.nanoTime();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("dependency", what);
    try {
      check.run();
      details.put("took_ms", Duration.ofNanos(System.nanoTime() - start).toMillis());
      return new Result(true, details);
    } catch (Exception | LinkageError e) {
      details.put("error", describe(e));
      return new Result(false, details);
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
