package io.renderowl.activities.render;

import io.renderowl.workflows.timeline.ClipDocument;

/**
 * A clip that shows a picture (a still image or video frames): fitted to the frame ({@code fit}
 * "cover" or "contain"), zoomed from {@code zoomFrom} to {@code zoomTo} and moved from {@code
 * (panFromX, panFromY)} to {@code (panToX, panToY)} (fractions of the frame size, centre offsets)
 * over the clip's length, and entering with its transition over {@code transitionSeconds}.
 *
 * <p>Transitions ({@code transitionIn}, else the timeline's {@code transition_type}) act on what is
 * below the clip at its start (usually the clip before it on the track, during their overlap):
 * "crossfade" blends over it, "fade" fades it to the background colour during the first half and
 * the clip in from the background during the second, "slide" moves the clip in from the right,
 * "wipe" reveals it from left to right, "zoom" grows it from half size while fading in, "none"
 * cuts.
 */
abstract class PictureLayer implements ClipLayer {

  /** The transitions a picture clip can enter with. */
  enum Transition {
    NONE,
    FADE,
    CROSSFADE,
    SLIDE,
    WIPE,
    ZOOM
  }

  private static final double ZOOM_TRANSITION_START = 0.5;

  protected final ClipDocument clip;
  protected final int frameWidth;
  protected final int frameHeight;
  private final boolean cover;
  protected final double zoomFrom;
  protected final double zoomTo;
  private final double panFromX;
  private final double panFromY;
  private final double panToX;
  private final double panToY;
  private final Transition transition;
  private final double transitionSeconds;
  private final YuvColour background;
  protected final Scaler scaler;

  /** The rectangle last drawn, in frame pixels (even). */
  private int rx;

  private int ry;
  private int rw;
  private int rh;

  PictureLayer(ClipDocument clip, FrameContext frame, double defaultTransitionSeconds) {
    this.clip = clip;
    this.frameWidth = frame.width();
    this.frameHeight = frame.height();
    this.scaler = frame.scaler();
    this.background = frame.background();
    this.cover = clip.text("fit", "cover").equals("cover");
    this.zoomFrom = clip.number("zoomFrom", 1.0);
    this.zoomTo = clip.number("zoomTo", zoomFrom);
    this.panFromX = clip.number("panFromX", 0);
    this.panFromY = clip.number("panFromY", 0);
    this.panToX = clip.number("panToX", panFromX);
    this.panToY = clip.number("panToY", panFromY);
    this.transition =
        Transition.valueOf(frame.transitionOf(clip).toUpperCase(java.util.Locale.ROOT));
    double seconds = clip.number("transitionSeconds", defaultTransitionSeconds);
    this.transitionSeconds = transition == Transition.NONE ? 0 : Math.min(seconds, clip.duration());
  }

  @Override
  public ClipDocument clip() {
    return clip;
  }

  /** Width and height of the source picture at the time about to be drawn, in its pixels. */
  protected abstract int sourceWidth();

  protected abstract int sourceHeight();

  /** The largest zoom this layer will be drawn at (sources may be pre-scaled to it). */
  protected double maxZoom() {
    return Math.max(zoomFrom, zoomTo);
  }

  /**
   * Gets the picture for {@code seconds} ready; false when there is nothing to show (e.g. an empty
   * video).
   */
  protected abstract boolean prepare(double seconds);

  /**
   * Scales the source's rectangle {@code (sx, sy, sw, sh)} (source pixels) into {@code target}'s
   * rectangle {@code (x, y, w, h)}.
   */
  protected abstract void scaleInto(
      int sx, int sy, int sw, int sh, YuvImage target, int x, int y, int w, int h);

  /** Whether crops of the source must start on even pixels (4:2:0 sources). */
  protected abstract boolean evenCrop();

  /** Size of the unscaled source the fit is computed from (the original picture's size). */
  protected abstract double naturalWidth();

  protected abstract double naturalHeight();

  @Override
  public final void draw(YuvImage canvas, YuvImage scratch, double seconds) {
    if (!prepare(seconds)) {
      return;
    }
    double p = transitionSeconds > 0 ? (seconds - clip.startTime()) / transitionSeconds : 1;
    if (p >= 1 || transition == Transition.NONE) {
      place(canvas, seconds, 1.0);
      return;
    }
    p = Math.max(0, p);
    int w = canvas.width;
    int h = canvas.height;
    switch (transition) {
      case CROSSFADE -> {
        if (place(scratch, seconds, 1.0)) {
          canvas.compose(scratch, rx, ry, rw, rh, alpha(p));
        }
      }
      case FADE -> {
        if (p < 0.5) {
          canvas.blendColour(0, 0, w, h, background, alpha(2 * p));
        } else {
          canvas.fill(background);
          if (place(scratch, seconds, 1.0)) {
            canvas.compose(scratch, rx, ry, rw, rh, alpha(2 * p - 1));
          }
        }
      }
      case WIPE -> {
        int edge = even(p * w);
        if (place(scratch, seconds, 1.0)) {
          int right = Math.min(rx + rw, edge);
          canvas.compose(scratch, rx, ry, right - rx, rh, 256);
        }
      }
      case SLIDE -> {
        int offset = even((1 - p) * w);
        if (place(scratch, seconds, 1.0)) {
          int dx = rx + offset;
          int width = Math.min(rw, w - dx);
          canvas.composeShifted(scratch, rx, ry, dx, ry, width, rh, 256);
        }
      }
      case ZOOM -> {
        double scale = ZOOM_TRANSITION_START + (1 - ZOOM_TRANSITION_START) * p;
        if (place(scratch, seconds, scale)) {
          canvas.compose(scratch, rx, ry, rw, rh, alpha(p));
        }
      }
      default -> place(canvas, seconds, 1.0);
    }
  }

  /**
   * Scales the picture as it looks at {@code seconds} (times {@code extraScale} about the frame
   * centre) into {@code target}, remembering the rectangle drawn; false when nothing is visible.
   */
  private boolean place(YuvImage target, double seconds, double extraScale) {
    double t = progress(seconds);
    double zoom = (zoomFrom + (zoomTo - zoomFrom) * t) * extraScale;
    double fit =
        cover
            ? Math.max(frameWidth / naturalWidth(), frameHeight / naturalHeight())
            : Math.min(frameWidth / naturalWidth(), frameHeight / naturalHeight());
    double pw = naturalWidth() * fit * zoom;
    double ph = naturalHeight() * fit * zoom;
    double cx = frameWidth / 2.0 + (panFromX + (panToX - panFromX) * t) * frameWidth * extraScale;
    double cy = frameHeight / 2.0 + (panFromY + (panToY - panFromY) * t) * frameHeight * extraScale;
    double left = cx - pw / 2;
    double top = cy - ph / 2;
    int x0 = evenUp(Math.max(0, left));
    int y0 = evenUp(Math.max(0, top));
    int x1 = evenDown(Math.min(frameWidth, left + pw));
    int y1 = evenDown(Math.min(frameHeight, top + ph));
    if (x1 - x0 < 2 || y1 - y0 < 2) {
      return false;
    }
    // the destination rectangle mapped back into source pixels
    double perPixelX = sourceWidth() / pw;
    double perPixelY = sourceHeight() / ph;
    int sx = (int) Math.round((x0 - left) * perPixelX);
    int sy = (int) Math.round((y0 - top) * perPixelY);
    if (evenCrop()) {
      sx &= ~1;
      sy &= ~1;
    }
    int sw = Math.min(sourceWidth() - sx, Math.max(1, (int) Math.round((x1 - x0) * perPixelX)));
    int sh = Math.min(sourceHeight() - sy, Math.max(1, (int) Math.round((y1 - y0) * perPixelY)));
    if (evenCrop()) {
      sw = Math.max(2, sw & ~1);
      sh = Math.max(2, sh & ~1);
    }
    scaleInto(sx, sy, sw, sh, target, x0, y0, x1 - x0, y1 - y0);
    rx = x0;
    ry = y0;
    rw = x1 - x0;
    rh = y1 - y0;
    return true;
  }

  private static int alpha(double fraction) {
    return (int) Math.round(Math.clamp(fraction, 0, 1) * 256);
  }

  private static int even(double value) {
    return 2 * (int) Math.round(value / 2);
  }

  private static int evenUp(double value) {
    int v = (int) Math.ceil(value - 1e-6);
    return (v + 1) & ~1;
  }

  private static int evenDown(double value) {
    int v = (int) Math.floor(value + 1e-6);
    return v & ~1;
  }
}
