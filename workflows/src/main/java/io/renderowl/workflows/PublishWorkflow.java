package io.renderowl.workflows;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Posts one video to one account: waits for the publish time on a durable timer, uploads
 * (resumable), waits for processing, posts once, and follows the platform's status to the end. Its
 * id is {@link PublishJob#workflowId()}. A platform's failure ends this workflow only; the returned
 * publication says how it ended.
 */
@WorkflowInterface
public interface PublishWorkflow {

  @WorkflowMethod
  Publication publish(PublishJob job);

  /** Cancels a scheduled post that has not fired yet (ignored once it fired). */
  @SignalMethod
  void cancelSchedule();

  @QueryMethod
  PublishState state();
}
