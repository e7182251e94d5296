package io.renderowl.activities.provider;

import io.temporal.activity.Activity;

/** The attempt number of the activity running on this thread, as Temporal counts it. */
public final class ActivityAttempt {
  private ActivityAttempt() {}

  /** 1-based; 1 outside an activity (a unit test, a command-line call). */
  public static int current() {
    try {
      return Activity.getExecutionContext().getInfo().getAttempt();
    } catch (RuntimeException notInAnActivity) {
      return 1;
    }
  }
}
