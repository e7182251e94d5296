package io.renderowl.activities.media;

import io.renderowl.workflows.timeline.ClipDocument;
import io.renderowl.workflows.timeline.TimelineDocument;
import io.renderowl.workflows.timeline.TrackDocument;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Draws a timeline's visible image and text clips, frame by frame, into one reused BGR canvas:
 * background first, then tracks by {@code order}, clips of a track by start time.
 *
 * <p>Clips load their media on first use and are released as soon as they are past, so only
 * the clips on screen hold pixels.
 */
final class FrameComposer implements AutoCloseable {

  private final BufferedImage canvas;
  private final Graphics2D graphics;
  private final Color background;
  private final List<ClipLayer> layers;
  private final boolean[] released;

  /**
   * @throws IllegalArgumentException when a clip is of an unknown type or has invalid content
   */
  FrameComposer(TimelineDocument timeline, MediaResolver media) {
    this.background = ColorValues.parse(timeline.backgroundColor(), Color.BLACK, "backgroundColor");
    this.layers = layersOf(timeline, media);
    this.released = new boolean[layers.size()];
    this.canvas = new BufferedImage(timeline.width(), timeline.height(), BufferedImage.TYPE_3BYTE_BGR);
    this.graphics = canvas.createGraphics();
    graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
  }

  /**
   * Draws the frame at {@code seconds} into the canvas and returns it; the same image every call.
   */
  BufferedImage draw(double seconds) {
    graphics.setColor(background);
    graphics.fillRect(0, 0, canvas.getWidth(), canvas.getHeight());
    for (int i = 0; i < layers.size(); i++) {
      ClipLayer layer = layers.get(i);
      ClipDocument clip = layer.clip();
      if (seconds >= clip.endTime()) {
        if (!released[i]) {
          layer.release();
          released[i] = true;
        }
      } else if (seconds >= clip.startTime()) {
        layer.draw(graphics, seconds);
      }
    }
    return canvas;
  }

  @Override
  public void close() {
    graphics.dispose();
    layers.forEach(ClipLayer::release);
  }

  private static List<ClipLayer> layersOf(TimelineDocument timeline, MediaResolver media) {
    List<TrackDocument> tracks =
        timeline.tracks().stream()
            .filter(TrackDocument::visible)
            .sorted(Comparator.comparingInt(TrackDocument::order))
            .toList();
    List<ClipLayer> layers = new ArrayList<>();
    for (TrackDocument track : tracks) {
      List<ClipDocument> clips =
          track.clips().stream().sorted(Comparator.comparingDouble(ClipDocument::startTime)).toList();
      List<ClipDocument> earlierImages = new ArrayList<>();
      for (ClipDocument clip : clips) {
        switch (clip.type()) {
          case "image" -> {
            double fade = crossfadeSeconds(clip, earlierImages, timeline.transitionType());
            layers.add(new ImageClipLayer(clip, media, timeline.width(), timeline.height(), fade));
            earlierImages.add(clip);
          }
          case "text" -> layers.add(new CaptionClipLayer(clip, timeline.width(), timeline.height()));
          case "framecode" ->
              layers.add(new FramecodeClipLayer(clip, timeline.width(), timeline.height(), timeline.fps()));
          case "audio" -> {
            // Audio is mixed by AudioMixer, not drawn.
          }
          default ->
              throw new IllegalArgumentException(
                  "clip " + clip.id() + " on track '" + track.name() + "': type '" + clip.type()
                      + "' cannot be rendered (supported: image, text, audio, framecode)");
        }
      }
    }
    return layers;
  }

  /**
   * How long {@code clip} fades in over the image clips before it on its track: its {@code
   * transitionSeconds}, else the overlap; 0 when nothing overlaps or the transition is "none".
   */
  private static double crossfadeSeconds(
      ClipDocument clip, List<ClipDocument> earlierImages, String defaultTransition) {
    String transition = clip.text("transitionIn", defaultTransition == null ? "crossfade" : defaultTransition);
    if (!transition.equals("crossfade") && !transition.equals("none")) {
      throw new IllegalArgumentException(
          "clip " + clip.id() + ": transitionIn must be \"crossfade\" or \"none\" (got '" + transition + "')");
    }
    double overlap = 0;
    for (ClipDocument earlier : earlierImages) {
      overlap = Math.max(overlap, Math.min(earlier.endTime(), clip.endTime()) - clip.startTime());
    }
    if (transition.equals("none") || overlap <= 0) {
      return 0;
    }
    return clip.number("transitionSeconds", overlap);
  }
}
