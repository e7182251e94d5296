package io.renderowl.workflows;

import io.temporal.activity.ActivityInterface;

/** Visuals stage: sources one picture or clip per scene; results go to object storage. */
@ActivityInterface
public interface VisualActivities {

  /** Finds or makes a full-frame picture for the scene. Idempotent per run and scene. */
  Visual sourceVisual(String runId, Scene scene, Aspect aspect);
}
