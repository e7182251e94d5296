package io.renderowl.workflows;

/** Names of the Temporal task queues the engine uses. */
public final class TaskQueues {
  /**
   * Pipeline and render workflows and the light activities (script, scenes, voice, timeline,
   * publish).
   */
  public static final String PIPELINE = "renderowl-pipeline";

  /**
   * Render activities on CPU workers (libx264): chunks when no GPU worker takes them, and every
   * render's prepare (validation, audio) and join steps.
   */
  public static final String RENDER_CPU = "renderowl-render-cpu";

  /** Chunk renders on workers that opened {@code h264_nvenc} at start-up. */
  public static final String RENDER_GPU = "renderowl-render-gpu";

  /** Prefix of the per-platform publishing queues. */
  public static final String PUBLISH_PREFIX = "renderowl-publish-";

  /**
   * The queue of one platform's upload, post and status activities ("renderowl-publish-youtube"):
   * each platform's concurrency is capped by the workers polling its queue.
   */
  public static String publish(String platform) {
    return PUBLISH_PREFIX + platform;
  }

  private TaskQueues() {}
}
