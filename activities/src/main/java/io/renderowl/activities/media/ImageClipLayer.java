package io.renderowl.activities.media;

import io.renderowl.workflows.timeline.ClipDocument;
import java.awt.AlphaComposite;
import java.awt.Composite;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * A still image clip: fitted to the frame ("cover" or "contain"), slowly zoomed about the centre
 * (Ken Burns) and faded in over {@code fadeInSeconds} when it crossfades from the clip before it.
 *
 * <p>The source is read and scaled once, on first use, to its size at the largest zoom, so every
 * frame only scales it down a little.
 */
final class ImageClipLayer implements ClipLayer {

  private final ClipDocument clip;
  private final MediaResolver media;
  private final int frameWidth;
  private final int frameHeight;
  private final boolean cover;
  private final double zoomFrom;
  private final double zoomTo;
  private final double fadeInSeconds;
  private BufferedImage scaled;

  /**
   * @param fadeInSeconds how long the clip takes to reach full opacity; 0 for no fade
   * @throws IllegalArgumentException when {@code fit} or a zoom value is invalid
   */
  ImageClipLayer(ClipDocument clip, MediaResolver media, int frameWidth, int frameHeight, double fadeInSeconds) {
    this.clip = clip;
    this.media = media;
    this.frameWidth = frameWidth;
    this.frameHeight = frameHeight;
    String fit = clip.text("fit", "cover");
    if (!fit.equals("cover") && !fit.equals("contain")) {
      throw new IllegalArgumentException(
          "clip " + clip.id() + ": fit must be \"cover\" or \"contain\" (got '" + fit + "')");
    }
    this.cover = fit.equals("cover");
    this.zoomFrom = clip.number("zoomFrom", 1.0);
    this.zoomTo = clip.number("zoomTo", 1.1);
    if (zoomFrom <= 0 || zoomTo <= 0) {
      throw new IllegalArgumentException(
          "clip " + clip.id() + ": zoomFrom and zoomTo must be positive (got " + zoomFrom + ", " + zoomTo + ")");
    }
    this.fadeInSeconds = fadeInSeconds;
  }

  @Override
  public ClipDocument clip() {
    return clip;
  }

  @Override
  public void draw(Graphics2D g, double seconds) {
    if (scaled == null) {
      scaled = loadScaled();
    }
    double zoom = zoomFrom + (zoomTo - zoomFrom) * progress(seconds);
    double shrink = zoom / Math.max(zoomFrom, zoomTo);
    AffineTransform placement = AffineTransform.getTranslateInstance(frameWidth / 2.0, frameHeight / 2.0);
    placement.scale(shrink, shrink);
    placement.translate(-scaled.getWidth() / 2.0, -scaled.getHeight() / 2.0);

    Composite before = g.getComposite();
    double opacity = fadeInSeconds > 0 ? Math.min(1.0, (seconds - clip.startTime()) / fadeInSeconds) : 1.0;
    if (opacity < 1.0) {
      g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, (float) Math.max(0.0, opacity)));
    }
    g.drawImage(scaled, placement, null);
    g.setComposite(before);
  }

  @Override
  public void release() {
    scaled = null;
  }

  private BufferedImage loadScaled() {
    Path file = media.resolve(clip.sourceUrl());
    BufferedImage source;
    try {
      source = ImageIO.read(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "clip " + clip.id() + ": cannot read image " + file + ": " + e.getMessage(), e);
    }
    if (source == null) {
      throw new IllegalArgumentException(
          "clip " + clip.id() + ": " + file + " (from " + clip.sourceUrl() + ") is not a readable image");
    }
    double fitScale =
        cover
            ? Math.max(frameWidth / (double) source.getWidth(), frameHeight / (double) source.getHeight())
            : Math.min(frameWidth / (double) source.getWidth(), frameHeight / (double) source.getHeight());
    double scale = fitScale * Math.max(zoomFrom, zoomTo);
    int width = Math.max(1, (int) Math.round(source.getWidth() * scale));
    int height = Math.max(1, (int) Math.round(source.getHeight() * scale));
    BufferedImage result = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = result.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(source, 0, 0, width, height, null);
    } finally {
      g.dispose();
    }
    return result;
  }
}
