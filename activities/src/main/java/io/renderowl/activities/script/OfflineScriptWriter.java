package io.renderowl.activities.script;

import io.renderowl.workflows.PipelineRequest;
import io.renderowl.workflows.Scene;
import io.renderowl.workflows.Script;
import java.util.List;

/** The offline writer: deterministic script and sentence-based scenes (no keys, no network). */
public final class OfflineScriptWriter implements ScriptWriter {
  private final DeterministicScriptWriter writer = new DeterministicScriptWriter();
  private final SceneSplitter splitter = new SceneSplitter();

  @Override
  public String provider() {
    return DeterministicScriptWriter.PROVIDER;
  }

  @Override
  public Script write(String runId, PipelineRequest request) {
    return writer.write(request.topic().strip(), request.durationSeconds());
  }

  @Override
  public List<Scene> scenes(String runId, Script script, PipelineRequest request) {
    return splitter.split(script, request.durationSeconds());
  }
}
