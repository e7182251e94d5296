package io.renderowl.workflows;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Deletes a finished render's intermediates from object storage (its chunks, their segments, the
 * audio track: everything under {@code runs/RUN/renders/RENDER/}, never the video or its poster).
 * Started by {@link RenderWorkflow} as an abandoned child once the render has ended, so that the
 * render's result does not wait for the deletions and a worker that dies before they are done does
 * not leave them: the activity is retried until they are.
 */
@WorkflowInterface
public interface RenderCleanupWorkflow {

  /** The workflow id of the cleanup of the render of run {@code runId}. */
  static String workflowId(String runId) {
    return runId + "-cleanup";
  }

  /**
   * Deletes the intermediates of the render of run {@code runId}.
   *
   * @return the number of objects deleted
   */
  @WorkflowMethod
  int deleteIntermediates(String runId);
}
