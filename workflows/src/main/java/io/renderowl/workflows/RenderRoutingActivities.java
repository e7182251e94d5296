package io.renderowl.workflows;

import io.temporal.activity.ActivityInterface;

/**
 * Where chunks should go. Run as a local activity of the render workflow.
 *
 * <p>Implemented in the activities module's {@code io.renderowl.activities.render} package ({@code
 * RenderRoutingActivitiesImpl}).
 */
@ActivityInterface
public interface RenderRoutingActivities {

  /**
   * Whether workers have recently polled {@link TaskQueues#RENDER_GPU}. May be stale (a worker that
   * just died still counts): the workflow's schedule-to-start timeout covers that.
   */
  boolean gpuWorkersPresent();
}
