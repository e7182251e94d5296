package io.renderowl.activities.visuals;

import io.renderowl.workflows.Scene;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.LinearGradientPaint;
import java.awt.MultipleGradientPaint.CycleMethod;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.GeneralPath;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * Draws a detailed abstract picture per scene: a gradient sky, one of four compositions (rings,
 * hills, bubbles, towers), a grid and fine grain. Palette and composition are seeded by the topic
 * and scene index; consecutive scenes get a hue about 140 degrees away and a different composition.
 */
public final class ProceduralPictures {

  /** The provider label stored with each picture. */
  public static final String PROVIDER = "offline:procedural";

  /** Hue step between consecutive scenes, as a fraction of the colour wheel (golden ratio). */
  private static final float HUE_STEP = 0.381966f;

  private static final int COMPOSITIONS = 4;

  /**
   * Draws the picture for {@code scene}.
   *
   * @param topic the video's topic, which seeds the palette with the scene index
   * @param scene the scene; its index picks the hue and composition
   * @param width pixels, &gt; 0
   * @param height pixels, &gt; 0
   * @return a new RGB image of the requested size
   */
  public BufferedImage draw(String topic, Scene scene, int width, int height) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "picture size must be positive (got " + width + "x" + height + ")");
    }
    return draw(topic, scene, new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR));
  }

  /**
   * Draws the picture for {@code scene} over every pixel of {@code image} (its size is the
   * picture's), the same picture {@link #draw(String, Scene, int, int)} gives at that size.
   *
   * @return {@code image}
   */
  public BufferedImage draw(String topic, Scene scene, BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    int topicHash = topic.strip().toLowerCase(Locale.ROOT).hashCode();
    SplittableRandom random = new SplittableRandom(topicHash * 1_000_003L + scene.index());
    float hue = fraction(topicHash) + scene.index() * HUE_STEP;
    int composition = Math.floorMod(topicHash + scene.index(), COMPOSITIONS);

    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      drawSky(g, hue, width, height, random);
      switch (composition) {
        case 0 -> drawRings(g, hue, width, height, random);
        case 1 -> drawHills(g, hue, width, height, random);
        case 2 -> drawBubbles(g, hue, width, height, random);
        default -> drawTowers(g, hue, width, height, random);
      }
      drawGrid(g, hue, width, height, random);
    } finally {
      g.dispose();
    }
    addGrain(image, random.nextLong());
    return image;
  }

  /**
   * Writes {@code image} as PNG, creating the parent directory when needed.
   *
   * @throws UncheckedIOException when the file cannot be written
   */
  public void writePng(BufferedImage image, Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      if (!ImageIO.write(image, "png", file.toFile())) {
        throw new IllegalStateException(
            "no PNG writer available for image type " + image.getType());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not write PNG " + file + ": " + e.getMessage(), e);
    }
  }

  private static void drawSky(Graphics2D g, float hue, int w, int h, SplittableRandom random) {
    Color top = Color.getHSBColor(hue, 0.55f, 0.35f);
    Color middle = Color.getHSBColor(hue + 0.06f, 0.65f, 0.75f);
    Color bottom = Color.getHSBColor(hue + 0.12f, 0.45f, 0.95f);
    g.setPaint(
        new LinearGradientPaint(
            0,
            0,
            w * (float) random.nextDouble(0.2, 0.8),
            h,
            new float[] {0f, 0.55f, 1f},
            new Color[] {top, middle, bottom}));
    g.fillRect(0, 0, w, h);
    float sunX = w * (float) random.nextDouble(0.15, 0.85);
    float sunY = h * (float) random.nextDouble(0.1, 0.45);
    g.setPaint(
        new RadialGradientPaint(
            new Point2D.Float(sunX, sunY),
            Math.max(w, h) * 0.45f,
            new float[] {0f, 1f},
            new Color[] {
              withAlpha(Color.getHSBColor(hue + 0.5f, 0.3f, 1f), 170), new Color(0, 0, 0, 0)
            },
            CycleMethod.NO_CYCLE));
    g.fillRect(0, 0, w, h);
  }

  private static void drawRings(Graphics2D g, float hue, int w, int h, SplittableRandom random) {
    float cx = w * (float) random.nextDouble(0.3, 0.7);
    float cy = h * (float) random.nextDouble(0.35, 0.65);
    float unit = Math.min(w, h) / 14f;
    for (int ring = 12; ring >= 1; ring--) {
      float r = unit * ring * (float) random.nextDouble(0.9, 1.1);
      g.setColor(
          withAlpha(
              Color.getHSBColor(hue + ring * 0.025f, 0.7f, ring % 2 == 0 ? 0.9f : 0.5f), 150));
      g.fill(new Ellipse2D.Float(cx - r, cy - r, 2 * r, 2 * r));
    }
    g.setStroke(new BasicStroke(Math.max(1f, unit / 12f)));
    g.setColor(withAlpha(Color.WHITE, 120));
    for (int spoke = 0; spoke < 24; spoke++) {
      double angle = spoke * Math.PI / 12 + random.nextDouble(0.1);
      float len = unit * 12;
      g.drawLine(
          (int) cx,
          (int) cy,
          (int) (cx + Math.cos(angle) * len),
          (int) (cy + Math.sin(angle) * len));
    }
  }

  private static void drawHills(Graphics2D g, float hue, int w, int h, SplittableRandom random) {
    for (int layer = 0; layer < 5; layer++) {
      float base = h * (0.45f + layer * 0.11f);
      GeneralPath hill = new GeneralPath();
      hill.moveTo(0, h);
      hill.lineTo(0, base);
      int steps = 8 + layer * 2;
      for (int i = 1; i <= steps; i++) {
        float x = w * i / (float) steps;
        float y = base - h * 0.08f * (float) random.nextDouble(0.2, 1.4);
        hill.quadTo(x - w / (2f * steps), y - h * 0.04f, x, y);
      }
      hill.lineTo(w, h);
      hill.closePath();
      Color near = Color.getHSBColor(hue - 0.08f + layer * 0.02f, 0.6f, 0.8f - layer * 0.13f);
      g.setPaint(
          new LinearGradientPaint(
              0,
              base - h * 0.15f,
              0,
              h,
              new float[] {0f, 1f},
              new Color[] {near, near.darker().darker()}));
      g.fill(hill);
    }
  }

  private static void drawBubbles(Graphics2D g, float hue, int w, int h, SplittableRandom random) {
    int count = 70;
    float unit = Math.min(w, h);
    for (int i = 0; i < count; i++) {
      float r = unit * (float) random.nextDouble(0.015, 0.12);
      float x = w * (float) random.nextDouble();
      float y = h * (float) random.nextDouble();
      Color core = Color.getHSBColor(hue + (float) random.nextDouble(-0.08, 0.08), 0.75f, 1f);
      g.setPaint(
          new RadialGradientPaint(
              new Point2D.Float(x - r / 3, y - r / 3),
              r,
              new float[] {0f, 1f},
              new Color[] {withAlpha(core, 220), withAlpha(core.darker(), 60)}));
      g.fill(new Ellipse2D.Float(x - r, y - r, 2 * r, 2 * r));
    }
  }

  private static void drawTowers(Graphics2D g, float hue, int w, int h, SplittableRandom random) {
    float x = 0;
    while (x < w) {
      float towerWidth = w * (float) random.nextDouble(0.06, 0.16);
      float towerHeight = h * (float) random.nextDouble(0.25, 0.7);
      Color face =
          Color.getHSBColor(
              hue + 0.5f + (float) random.nextDouble(-0.05, 0.05),
              0.5f,
              (float) random.nextDouble(0.25, 0.6));
      g.setColor(face);
      g.fill(
          new RoundRectangle2D.Float(x, h - towerHeight, towerWidth * 0.92f, towerHeight, 12, 12));
      g.setColor(withAlpha(Color.getHSBColor(hue + 0.15f, 0.3f, 1f), 200));
      float window = Math.max(3f, towerWidth / 7f);
      for (float wy = h - towerHeight + window; wy < h - window; wy += window * 2) {
        for (float wx = x + window; wx < x + towerWidth * 0.92f - window; wx += window * 2) {
          if (random.nextInt(3) > 0) {
            g.fill(new Rectangle2D.Float(wx, wy, window, window));
          }
        }
      }
      x += towerWidth;
    }
  }

  private static void drawGrid(Graphics2D g, float hue, int w, int h, SplittableRandom random) {
    int spacing = Math.max(8, Math.min(w, h) / random.nextInt(12, 24));
    g.setStroke(new BasicStroke(Math.max(1f, spacing / 40f)));
    g.setColor(withAlpha(Color.getHSBColor(hue + 0.5f, 0.2f, 1f), 45));
    for (int x = spacing / 2; x < w; x += spacing) {
      g.drawLine(x, 0, x, h);
    }
    for (int y = spacing / 2; y < h; y += spacing) {
      g.drawLine(0, y, w, y);
    }
  }

  /**
   * Per-pixel grain (about +-7 levels) plus a faint diagonal ripple, written straight into the
   * raster. The picture is drawn in 3-byte BGR, the JPEG writer's own layout: from an int RGB image
   * it converted each row pixel by pixel. The same JPEG bytes (MD5 of four 1080x1920 scenes), 370
   * -> 325 ms for the four on two threads with C1 only (2026-12-06).
   */
  private static void addGrain(BufferedImage image, long seed) {
    int w = image.getWidth();
    byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    int[] ripple = new int[64];
    for (int i = 0; i < ripple.length; i++) {
      ripple[i] = (int) Math.round(5 * Math.sin(i * 2 * Math.PI / ripple.length));
    }
    long state = seed | 1;
    for (int y = 0, o = 0; o < bgr.length; y++) {
      for (int x = 0; x < w; x++, o += 3) {
        state ^= state << 13;
        state ^= state >>> 7;
        state ^= state << 17;
        int delta = (int) (state & 15) - 8 + ripple[(x + y) & 63];
        bgr[o] = (byte) clamp((bgr[o] & 0xff) + delta);
        bgr[o + 1] = (byte) clamp((bgr[o + 1] & 0xff) + delta);
        bgr[o + 2] = (byte) clamp((bgr[o + 2] & 0xff) + delta);
      }
    }
  }

  private static int clamp(int value) {
    return value < 0 ? 0 : Math.min(value, 255);
  }

  private static Color withAlpha(Color color, int alpha) {
    return new Color(color.getRed(), color.getGreen(), color.getBlue(), alpha);
  }

  private static float fraction(int hash) {
    return (hash & 0xffff) / 65536f;
  }
}
