package io.renderowl.activities.script;

import io.renderowl.workflows.PipelineRequest;
import io.renderowl.workflows.Scene;
import io.renderowl.workflows.Script;
import java.util.List;

/** Writes a script on a request's topic and plans its scenes; offline and chat-model writers. */
public interface ScriptWriter {

  /** What wrote the script, e.g. {@code offline:deterministic-script} or {@code openai:gpt-4o}. */
  String provider();

  /** A script on the request's topic, sized for its target duration. */
  Script write(String runId, PipelineRequest request);

  /** The script split into scenes of 1-2 sentences, each with a visual prompt. */
  List<Scene> scenes(String runId, Script script, PipelineRequest request);
}
