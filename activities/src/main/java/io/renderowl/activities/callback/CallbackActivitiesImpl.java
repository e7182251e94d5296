package io.renderowl.activities.callback;

import io.renderowl.workflows.CallbackActivities;
import io.renderowl.workflows.CompletionCallback;
import io.temporal.activity.Activity;

/** The Temporal adapter over {@link WebhookSender}: the attempt number comes from Temporal. */
public final class CallbackActivitiesImpl implements CallbackActivities {
  private final WebhookSender sender;

  public CallbackActivitiesImpl(WebhookSender sender) {
    this.sender = sender;
  }

  @Override
  public void deliver(CompletionCallback callback) {
    sender.send(callback, Activity.getExecutionContext().getInfo().getAttempt());
  }
}
