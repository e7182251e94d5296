package io.renderowl.workflows;

import io.temporal.activity.ActivityInterface;

/**
 * Visuals stage: sources one picture or clip per scene; results go to object storage.
 *
 * <p>Implemented in the activities module's {@code io.renderowl.activities.visuals} package ({@code
 * VisualActivitiesImpl}).
 */
@ActivityInterface
public interface VisualActivities {

  /** Finds or makes a full-frame picture for the scene. Idempotent per run and scene. */
  Visual sourceVisual(String runId, Scene scene, Aspect aspect);
}
