package io.renderowl.workflows;

import io.renderowl.workflows.internal.CallbackWorkflowImpl;
import io.renderowl.workflows.internal.PublishWorkflowImpl;
import io.renderowl.workflows.internal.RenderCleanupWorkflowImpl;
import io.renderowl.workflows.internal.RenderWorkflowImpl;
import io.renderowl.workflows.internal.RunPermitsWorkflowImpl;
import io.renderowl.workflows.internal.VideoPipelineWorkflowImpl;
import java.util.List;

/** The workflow implementation types a pipeline worker registers (they stay internal). */
public final class WorkflowImplementations {

  private WorkflowImplementations() {}

  /**
   * The pipeline, its render and publishing children, the cleanup of a render's intermediates, the
   * fair-concurrency gate and the delivery of completion callbacks for work outside Temporal
   * (batches).
   */
  public static List<Class<?>> all() {
    return List.of(
        VideoPipelineWorkflowImpl.class,
        RenderWorkflowImpl.class,
        RenderCleanupWorkflowImpl.class,
        RunPermitsWorkflowImpl.class,
        PublishWorkflowImpl.class,
        CallbackWorkflowImpl.class);
  }
}
