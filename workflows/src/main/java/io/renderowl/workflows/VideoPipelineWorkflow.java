package io.renderowl.workflows;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** One pipeline run: script -&gt; scenes -&gt; voice -&gt; timeline -&gt; render -&gt; publish. */
@WorkflowInterface
public interface VideoPipelineWorkflow {

  @WorkflowMethod
  PipelineResult run(PipelineRequest request);

  /** Current stage, overall percent and a human-readable message. */
  @QueryMethod
  PipelineProgress progress();

  /** Sent by the render child workflow as its chunks finish. */
  @SignalMethod
  void renderProgress(RenderProgress progress);

  /** Fair concurrency: {@link RunPermitsWorkflow} granted this run its permit. */
  @SignalMethod
  void permitGranted();
}
