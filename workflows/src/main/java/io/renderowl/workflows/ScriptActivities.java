package io.renderowl.workflows;

import io.temporal.activity.ActivityInterface;
import java.util.List;

/**
 * Writes the script and splits it into scenes.
 *
 * <p>Implemented in the activities module's {@code io.renderowl.activities.script} package ({@code
 * ScriptActivitiesImpl}).
 */
@ActivityInterface
public interface ScriptActivities {

  /** Writes a script on the request's topic, sized for its target duration. */
  Script writeScript(String runId, PipelineRequest request);

  /** Splits a script into scenes of 1-2 sentences, each with a visual prompt. */
  List<Scene> planScenes(String runId, Script script, PipelineRequest request);
}
