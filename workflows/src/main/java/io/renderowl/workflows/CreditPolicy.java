package io.renderowl.workflows;

/** What a rendered video costs: one credit per started 30 seconds, at least one. */
public final class CreditPolicy {
  public static final double SECONDS_PER_CREDIT = 30.0;

  private CreditPolicy() {}

  public static int creditsFor(double videoSeconds) {
    return Math.max(1, (int) Math.ceil(videoSeconds / SECONDS_PER_CREDIT));
  }
}
