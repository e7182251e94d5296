package io.renderowl.activities.render;

import io.renderowl.workflows.timeline.ClipDocument;

/** One visible clip as the frame composer draws it. */
interface ClipLayer {

  /** The clip this layer draws. */
  ClipDocument clip();

  /**
   * Draws the clip as it looks at {@code seconds} into the timeline onto {@code canvas}; called
   * only while the clip is on screen, loading what it needs on first use. {@code scratch} is a
   * frame-sized picture the layer may use freely during the call.
   */
  void draw(YuvImage canvas, YuvImage scratch, double seconds);

  /** Frees what {@link #draw} loaded; called once the clip is past. */
  void release();

  /** 0..1: how far {@code seconds} is into the clip. */
  default double progress(double seconds) {
    ClipDocument clip = clip();
    return Math.clamp((seconds - clip.startTime()) / clip.duration(), 0.0, 1.0);
  }
}
