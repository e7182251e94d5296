package io.renderowl.workflows.timeline;

import java.util.List;

/**
 * The timeline as one JSON document, mirroring the {@code timelines}, {@code tracks} and {@code
 * clips} tables. The pipeline builds it, the database stores it, the renderer takes it.
 *
 * @param id timelines.id
 * @param name timelines.name
 * @param width frame width in pixels (from timelines.resolution)
 * @param height frame height in pixels
 * @param fps frames per second
 * @param backgroundColor "#rrggbb" drawn under everything
 * @param transitionType default transition between clips on a track: "none", "fade" (through the
 *     background), "crossfade", "slide", "wipe" or "zoom"; null means "fade"
 * @param durationSeconds length of the video
 * @param tracks ordered bottom to top
 */
public record TimelineDocument(
    String id,
    String name,
    int width,
    int height,
    int fps,
    String backgroundColor,
    String transitionType,
    double durationSeconds,
    List<TrackDocument> tracks) {

  public TimelineDocument {
    tracks = List.copyOf(tracks);
  }

  /**
   * The same timeline drawn at another frame size. Clip layouts are relative to the frame (text
   * sizes are pixels at a 1080-pixel short side), so nothing else changes.
   */
  public TimelineDocument withSize(int newWidth, int newHeight) {
    return new TimelineDocument(
        id,
        name,
        newWidth,
        newHeight,
        fps,
        backgroundColor,
        transitionType,
        durationSeconds,
        tracks);
  }

  /** Number of video frames: duration x fps, rounded. */
  public long frameCount() {
    return Math.round(durationSeconds * fps);
  }
}
