package io.renderowl.workflows.internal;

import io.renderowl.workflows.CallbackActivities;
import io.renderowl.workflows.CallbackWorkflow;
import io.renderowl.workflows.CompletionCallback;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;

/** Runs the delivery activity once (its retry policy does the retrying) and reports the outcome. */
public class CallbackWorkflowImpl implements CallbackWorkflow {

  private final CallbackActivities callbacks =
      Workflow.newActivityStub(CallbackActivities.class, CallbackActivities.OPTIONS);

  @Override
  public boolean deliver(CompletionCallback callback) {
    try {
      callbacks.deliver(callback);
      return true;
    } catch (ActivityFailure e) {
      Workflow.getLogger(CallbackWorkflowImpl.class)
          .warn(
              "completion callback {} given up: {}",
              callback.deliveryId(),
              VideoPipelineWorkflowImpl.reasonOf(e));
      return false;
    }
  }
}
