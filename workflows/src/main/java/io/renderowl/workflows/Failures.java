package io.renderowl.workflows;

/** The application failure types our workflows and activities raise; part of the contract. */
public final class Failures {

  /** Input that can never succeed; never retried. Activities raise it as well as workflows. */
  public static final String INVALID_INPUT = "InvalidInput";

  /** A pipeline run ended because one of its stages failed. */
  public static final String PIPELINE_FAILED = "PipelineFailed";

  /** A render workflow ended because a chunk, the prepare step or the join failed. */
  public static final String RENDER_FAILED = "RenderFailed";

  /**
   * The reason recorded for a run or render that was cancelled. Workflows pass it to activities, so
   * it is part of their recorded histories: keep the value.
   */
  public static final String CANCELLED = "cancelled";

  private Failures() {}
}
