package io.renderowl.workflows;

import io.temporal.activity.ActivityInterface;

/** Voice stage: speaks each scene's narration; results go to object storage. */
@ActivityInterface
public interface VoiceActivities {

  /** Speaks the scene's text. Idempotent per run and scene. */
  Narration narrate(String runId, Scene scene, String voice);
}
