package io.renderowl.activities.render;

import io.renderowl.activities.storage.MediaResolver;
import io.renderowl.workflows.timeline.ClipDocument;
import io.renderowl.workflows.timeline.TimelineDocument;
import io.renderowl.workflows.timeline.TrackDocument;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;

/**
 * Draws a timeline's visible picture, text and effect clips, frame by frame, into YUV 4:2:0
 * pictures: background first, then tracks by {@code order}, clips of a track by start time.
 *
 * <p>Clips load their media on first use and are released as soon as they are past, so only the
 * clips on screen hold pixels. Drawing is single-threaded; the frames it draws into may be handed
 * to another thread once {@link #draw} returns.
 */
final class FrameComposer implements AutoCloseable {

  static {
    TimelineRenderer.quietFfmpegLogs();
  }

  private final FrameContext context;
  private final List<ClipLayer> layers;
  private final boolean[] released;
  private final YuvImage scratch;
  private final Scaler scaler;

  /**
   * @throws IllegalArgumentException when a clip is of an unknown type or has invalid content
   */
  FrameComposer(TimelineDocument timeline, MediaResolver media) {
    YuvColour background =
        YuvColour.of(
            ColorValues.parse(timeline.backgroundColor(), Color.BLACK, "background_color"));
    this.scaler = new Scaler();
    this.context =
        new FrameContext(
            timeline.width(),
            timeline.height(),
            timeline.fps(),
            background,
            timeline.transitionType(),
            scaler,
            media,
            new NativeBuffers());
    this.layers = layersOf(timeline, context);
    this.released = new boolean[layers.size()];
    this.scratch = new YuvImage(timeline.width(), timeline.height());
  }

  /** Draws the frame at {@code seconds} into {@code canvas} (the timeline's size). */
  void draw(YuvImage canvas, double seconds) {
    canvas.fill(context.background());
    for (int i = 0; i < layers.size(); i++) {
      ClipLayer layer = layers.get(i);
      ClipDocument clip = layer.clip();
      if (seconds >= clip.endTime()) {
        if (!released[i]) {
          layer.release();
          released[i] = true;
        }
      } else if (seconds >= clip.startTime()) {
        layer.draw(canvas, scratch, seconds);
      }
    }
  }

  /** Draws the frame at {@code seconds} as an RGB image (for posters and tests). */
  BufferedImage drawRgb(double seconds) {
    try (YuvImage canvas = new YuvImage(context.width(), context.height());
        // swscale's SIMD code writes past the last packed row when a row is not a multiple of its
        // vector width (1080 px: 3240 bytes): one spare row keeps that inside the buffer.
        BytePointer bgr = new BytePointer(3L * context.width() * (context.height() + 1L))) {
      draw(canvas, seconds);
      scaler.toBgr(canvas, bgr);
      BufferedImage image =
          new BufferedImage(context.width(), context.height(), BufferedImage.TYPE_3BYTE_BGR);
      bgr.get(((DataBufferByte) image.getRaster().getDataBuffer()).getData());
      return image;
    }
  }

  @Override
  public void close() {
    layers.forEach(ClipLayer::release);
    context.buffers().close();
    scratch.close();
    scaler.close();
  }

  private static List<ClipLayer> layersOf(TimelineDocument timeline, FrameContext context) {
    List<TrackDocument> tracks =
        timeline.tracks().stream()
            .filter(TrackDocument::visible)
            .sorted(Comparator.comparingInt(TrackDocument::order))
            .toList();
    List<ClipLayer> layers = new ArrayList<>();
    for (TrackDocument track : tracks) {
      List<ClipDocument> clips =
          track.clips().stream()
              .sorted(Comparator.comparingDouble(ClipDocument::startTime))
              .toList();
      ClipDocument before = null;
      for (ClipDocument clip : clips) {
        switch (clip.type()) {
          case "image", "video" -> {
            // a transition lasts the overlap with the clip before; without one, clips cut unless
            // they name a transition themselves
            double overlap = before == null ? 0 : Math.max(0, before.endTime() - clip.startTime());
            double defaultSeconds =
                overlap > 0
                    ? overlap
                    : clip.content().containsKey("transitionIn") ? DEFAULT_TRANSITION_SECONDS : 0;
            layers.add(
                clip.type().equals("image")
                    ? new ImageClipLayer(clip, context, defaultSeconds)
                    : new VideoClipLayer(clip, context, defaultSeconds));
            before = clip;
          }
          case "text" -> layers.add(new CaptionClipLayer(clip, context.width(), context.height()));
          case "framecode" ->
              layers.add(
                  new FramecodeClipLayer(clip, context.width(), context.height(), context.fps()));
          case "audio" -> {
            // Audio is mixed by AudioMixer, not drawn.
          }
          default ->
              throw new IllegalArgumentException(
                  "clip "
                      + clip.id()
                      + " on track '"
                      + track.name()
                      + "': type '"
                      + clip.type()
                      + "' cannot be rendered (supported: image, video, text, audio, framecode)");
        }
      }
    }
    return layers;
  }

  /** Transition length when clips do not overlap and the clip names none. */
  static final double DEFAULT_TRANSITION_SECONDS = 0.5;
}
