package io.renderowl.workflows;

/** The stages of a pipeline run, in order, with the share of overall progress each starts at. */
public enum Stage {
  QUEUED(0),
  SCRIPT(2),
  SCENES(8),
  VOICE(20),
  TIMELINE(35),
  RENDER(40),
  PUBLISH(95),
  COMPLETED(100),
  FAILED(100);

  private final int startPercent;

  Stage(int startPercent) {
    this.startPercent = startPercent;
  }

  /** Overall percent when this stage begins. */
  public int startPercent() {
    return startPercent;
  }

  /** Overall percent when this stage is {@code fraction} (0..1) done. */
  public int percentAt(double fraction) {
    if (this == COMPLETED || this == FAILED || this == QUEUED) {
      return startPercent;
    }
    Stage next = values()[ordinal() + 1];
    double f = Math.max(0, Math.min(1, fraction));
    return (int) Math.floor(startPercent + f * (next.startPercent - startPercent));
  }

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
