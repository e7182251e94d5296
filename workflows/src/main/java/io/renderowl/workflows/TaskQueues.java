package io.renderowl.workflows;

/** Names of the Temporal task queues the engine uses. */
public final class TaskQueues {
  /** Pipeline workflows and the light activities (script, scenes, voice, timeline, publish). */
  public static final String PIPELINE = "renderowl-pipeline";

  /** Render activities on CPU workers (libx264). */
  public static final String RENDER_CPU = "renderowl-render-cpu";

  private TaskQueues() {}
}
