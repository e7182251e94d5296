package io.renderowl.workflows;

import io.temporal.activity.ActivityInterface;

/**
 * Renders a stored timeline to MP4 in object storage. Runs on a render task queue.
 *
 * <p>Implemented in the activities module's {@code io.renderowl.activities.render} package ({@code
 * RenderActivitiesImpl}).
 */
@ActivityInterface
public interface RenderActivities {

  /**
   * Renders the timeline, records it in {@code renders} and heartbeats {@link RenderProgress}.
   * Idempotent per run: a completed render of this run is returned as it is.
   */
  RenderResult render(String runId, String userId, String timelineId);
}
