package io.renderowl.workflows;

import io.temporal.activity.ActivityInterface;

/**
 * Voice stage: speaks each scene's narration; results go to object storage.
 *
 * <p>Implemented in the activities module's {@code io.renderowl.activities.voice} package ({@code
 * VoiceActivitiesImpl}).
 */
@ActivityInterface
public interface VoiceActivities {

  /** Speaks the scene's text. Idempotent per run and scene. */
  Narration narrate(String runId, Scene scene, String voice);
}
