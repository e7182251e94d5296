package io.renderowl.workflows;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One render, cut into chunks: prepare (validate, audio) -&gt; chunks on the render queues, at once
 * -&gt; join. A child of {@link VideoPipelineWorkflow}, or started on its own by {@code owl
 * render}.
 */
@WorkflowInterface
public interface RenderWorkflow {

  @WorkflowMethod
  RenderResult render(RenderRequest request);

  @QueryMethod
  RenderStatus status();
}
