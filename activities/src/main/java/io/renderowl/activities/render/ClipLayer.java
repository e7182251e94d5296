package io.renderowl.activities.render;

import io.renderowl.workflows.timeline.ClipDocument;
import java.nio.file.Path;

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

  /**
   * What is wrong with a clip's source, naming the clip, the file and where it came from, e.g.
   * {@code clip c1: /tmp/x.png (from s3://media/x.png) is not a readable image}.
   */
  static IllegalArgumentException unusableSource(ClipDocument clip, Path file, String problem) {
    return new IllegalArgumentException(
        "clip " + clip.id() + ": " + file + " (from " + clip.sourceUrl() + ") " + problem);
  }

  /** 0..1: how far {@code seconds} is into the clip. */
  default double progress(double seconds) {
    ClipDocument clip = clip();
    return Math.clamp((seconds - clip.startTime()) / clip.duration(), 0.0, 1.0);
  }
}
