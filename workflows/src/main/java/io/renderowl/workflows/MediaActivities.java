package io.renderowl.workflows;

import io.temporal.activity.ActivityInterface;

/** Sources the picture and speaks the narration of one scene; results go to object storage. */
@ActivityInterface
public interface MediaActivities {

  /** Finds or makes a full-frame picture for the scene. Idempotent per run and scene. */
  Visual sourceVisual(String runId, Scene scene, Aspect aspect);

  /** Speaks the scene's text. Idempotent per run and scene. */
  Narration narrate(String runId, Scene scene, String voice);
}
