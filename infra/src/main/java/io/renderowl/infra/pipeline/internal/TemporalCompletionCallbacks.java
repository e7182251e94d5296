package io.renderowl.infra.pipeline.internal;

import io.renderowl.infra.net.CallbackUrls;
import io.renderowl.infra.net.OutboundUrls;
import io.renderowl.infra.pipeline.CompletionCallbacks;
import io.renderowl.infra.temporal.TemporalConnection;
import io.renderowl.workflows.CallbackWorkflow;
import io.renderowl.workflows.CompletionCallback;
import io.renderowl.workflows.TaskQueues;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import org.jspecify.annotations.Nullable;

/**
 * Starts a {@link CallbackWorkflow} per delivery id on the pipeline queue (whose workers run the
 * delivery activity); a second start of the same delivery is refused by Temporal and ignored.
 */
public final class TemporalCompletionCallbacks implements CompletionCallbacks {
  private final TemporalConnection temporal;
  private final OutboundUrls guard;

  public TemporalCompletionCallbacks(TemporalConnection temporal, OutboundUrls guard) {
    this.temporal = temporal;
    this.guard = guard;
  }

  @Override
  public @Nullable String problem(@Nullable String url) {
    return CallbackUrls.problem(url, guard);
  }

  @Override
  public void deliver(CompletionCallback callback) {
    CallbackWorkflow workflow =
        temporal
            .client()
            .newWorkflowStub(
                CallbackWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(CallbackWorkflow.workflowId(callback))
                    .setTaskQueue(TaskQueues.PIPELINE)
                    .setWorkflowIdReusePolicy(
                        WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                    .build());
    try {
      WorkflowClient.start(workflow::deliver, callback);
    } catch (WorkflowExecutionAlreadyStarted e) {
      // delivered (or being delivered) already: once per delivery id
    }
  }
}
