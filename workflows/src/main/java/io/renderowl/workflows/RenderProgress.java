package io.renderowl.workflows;

/** Heartbeat details of a render: frames written so far out of the total. */
public record RenderProgress(long framesDone, long totalFrames) {
  public double fraction() {
    return totalFrames <= 0 ? 0 : Math.min(1.0, (double) framesDone / totalFrames);
  }
}
