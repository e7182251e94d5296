package io.renderowl.activities;

import io.renderowl.activities.media.DeterministicScriptWriter;
import io.renderowl.activities.media.SceneSplitter;
import io.renderowl.workflows.PipelineRequest;
import io.renderowl.workflows.Scene;
import io.renderowl.workflows.Script;
import io.renderowl.workflows.ScriptActivities;
import java.util.List;

/** Offline script stage: the deterministic script writer (no keys, no network). */
final class OfflineScriptActivities implements ScriptActivities {
  private final DeterministicScriptWriter writer = new DeterministicScriptWriter();
  private final SceneSplitter splitter = new SceneSplitter();

  @Override
  public Script writeScript(String runId, PipelineRequest request) {
    return writer.write(request.topic().strip(), request.durationSeconds());
  }

  @Override
  public List<Scene> planScenes(String runId, Script script, PipelineRequest request) {
    return splitter.split(script, request.durationSeconds());
  }
}
