package io.renderowl.activities.render;

import io.renderowl.activities.storage.MediaResolver;
import io.renderowl.workflows.timeline.ClipDocument;

/**
 * What layers need to know about the frames they draw into.
 *
 * @param width frame width in pixels
 * @param height frame height in pixels
 * @param fps frames per second
 * @param background the timeline's background colour
 * @param defaultTransition the timeline's {@code transition_type}
 * @param scaler the composer's scaler (used on the drawing thread only)
 * @param media resolves clip sources
 * @param buffers native buffers reused between clips (drawing thread only)
 */
record FrameContext(
    int width,
    int height,
    int fps,
    YuvColour background,
    String defaultTransition,
    Scaler scaler,
    MediaResolver media,
    NativeBuffers buffers) {

  /** The clip's {@code transitionIn}, else the timeline default, else "fade". */
  String transitionOf(ClipDocument clip) {
    return clip.text("transitionIn", defaultTransition == null ? "fade" : defaultTransition);
  }
}
