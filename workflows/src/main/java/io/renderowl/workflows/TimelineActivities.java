package io.renderowl.workflows;

import io.temporal.activity.ActivityInterface;
import java.util.List;

/**
 * Assembles and persists the timeline (timelines, tracks, clips).
 *
 * <p>Implemented in the activities module's {@code io.renderowl.activities.timeline} package
 * ({@code TimelineActivitiesImpl}).
 */
@ActivityInterface
public interface TimelineActivities {

  /** Builds the timeline from the scenes and stores it; idempotent per run. */
  TimelineRef assembleTimeline(
      String runId,
      PipelineRequest request,
      String title,
      List<Scene> scenes,
      List<Visual> visuals,
      List<Narration> narrations);
}
