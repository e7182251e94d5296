package io.renderowl.workflows.internal;

import io.renderowl.workflows.RenderCleanupWorkflow;
import io.renderowl.workflows.RenderJobActivities;
import io.renderowl.workflows.TaskQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * Runs {@link RenderJobActivities#deleteIntermediates} on the render queue until it succeeds: about
 * a day of attempts, backing off to one every 30 minutes (object storage that is down for a while).
 * What is still left after that is expired by the ArtefactCleanup system job.
 */
public class RenderCleanupWorkflowImpl implements RenderCleanupWorkflow {

  private final RenderJobActivities jobs =
      Workflow.newActivityStub(
          RenderJobActivities.class,
          ActivityOptions.newBuilder()
              .setTaskQueue(TaskQueues.RENDER_CPU)
              .setStartToCloseTimeout(Duration.ofMinutes(10))
              .setHeartbeatTimeout(VideoPipelineWorkflowImpl.STAGE_HEARTBEAT)
              .setRetryOptions(VideoPipelineWorkflowImpl.retry(60, Duration.ofMinutes(30)))
              .build());

  @Override
  public int deleteIntermediates(String runId) {
    return jobs.deleteIntermediates(runId);
  }
}
