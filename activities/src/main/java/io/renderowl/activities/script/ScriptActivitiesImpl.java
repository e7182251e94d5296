package io.renderowl.activities.script;

import io.renderowl.workflows.PipelineRequest;
import io.renderowl.workflows.Scene;
import io.renderowl.workflows.Script;
import io.renderowl.workflows.ScriptActivities;
import java.util.List;

/** Script stage on the configured writer (offline deterministic or chat model). */
public final class ScriptActivitiesImpl implements ScriptActivities {
  private final ScriptWriter writer;

  public ScriptActivitiesImpl(ScriptWriter writer) {
    this.writer = writer;
  }

  @Override
  public Script writeScript(String runId, PipelineRequest request) {
    return writer.write(runId, request);
  }

  @Override
  public List<Scene> planScenes(String runId, Script script, PipelineRequest request) {
    return writer.scenes(runId, script, request);
  }
}
