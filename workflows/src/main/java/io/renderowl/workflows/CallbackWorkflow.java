package io.renderowl.workflows;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Delivers one completion callback durably for work that does not run in Temporal itself (bulk
 * batches run in Spring Batch): the workflow runs the same signed, retried {@link
 * CallbackActivities#deliver} the pipeline and render workflows call. Started with the workflow id
 * {@link #workflowId} and a reject-duplicate policy, a callback is delivered once however often its
 * end is observed.
 */
@WorkflowInterface
public interface CallbackWorkflow {

  /** The workflow id of {@code callback}'s delivery: one per delivery id. */
  static String workflowId(CompletionCallback callback) {
    return "callback-" + callback.deliveryId();
  }

  /**
   * Delivers {@code callback}.
   *
   * @return whether the receiver took it (false: given up after the activity's attempts, or the URL
   *     was refused)
   */
  @WorkflowMethod
  boolean deliver(CompletionCallback callback);
}
