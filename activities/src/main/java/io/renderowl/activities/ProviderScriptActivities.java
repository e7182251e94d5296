package io.renderowl.activities;

import io.renderowl.activities.providers.LlmScriptWriter;
import io.renderowl.workflows.PipelineRequest;
import io.renderowl.workflows.Scene;
import io.renderowl.workflows.Script;
import io.renderowl.workflows.ScriptActivities;
import java.util.List;

/** Script stage on a chat model (LangChain4j, OpenAI-compatible endpoint). */
final class ProviderScriptActivities implements ScriptActivities {
  private final LlmScriptWriter writer;
  private final String tone;

  ProviderScriptActivities(LlmScriptWriter writer, String tone) {
    this.writer = writer;
    this.tone = tone;
  }

  @Override
  public Script writeScript(String runId, PipelineRequest request) {
    return writer.write(runId, request, tone);
  }

  @Override
  public List<Scene> planScenes(String runId, Script script, PipelineRequest request) {
    return writer.scenes(runId, script, request);
  }
}
