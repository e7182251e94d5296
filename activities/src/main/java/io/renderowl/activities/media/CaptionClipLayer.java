package io.renderowl.activities.media;

import io.renderowl.workflows.timeline.ClipDocument;
import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Composite;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.font.LineBreakMeasurer;
import java.awt.font.TextAttribute;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.text.AttributedString;
import java.util.ArrayList;
import java.util.List;

/**
 * A caption: bold text with an outline, word-wrapped to {@value #WRAP_WIDTH} of the frame width,
 * centred, placed at the bottom, centre or top, fading in and out.
 *
 * <p>Sizes in the clip ({@code fontSize}, {@code outlineWidth}) are pixels at a 1080-pixel short
 * side and scale with the frame. The caption is drawn once into a transparent sprite, which each
 * frame then blends in.
 */
final class CaptionClipLayer implements ClipLayer {

  static final String DEFAULT_FONT = "DejaVu Sans";
  private static final double WRAP_WIDTH = 0.88;
  private static final double EDGE_MARGIN = 0.10;
  private static final FontRenderContext RENDER_CONTEXT = new FontRenderContext(null, true, true);

  private final ClipDocument clip;
  private final int frameWidth;
  private final int frameHeight;
  private final Font font;
  private final Color color;
  private final Color outlineColor;
  private final float outlineWidth;
  private final String position;
  private final double fadeSeconds;
  private BufferedImage sprite;
  private int spriteTop;

  /**
   * @throws IllegalArgumentException when a colour, the position or a size is invalid
   * @throws IllegalStateException when the font family is not installed
   */
  CaptionClipLayer(ClipDocument clip, int frameWidth, int frameHeight) {
    this.clip = clip;
    this.frameWidth = frameWidth;
    this.frameHeight = frameHeight;
    double scale = Math.min(frameWidth, frameHeight) / 1080.0;
    double fontSize = clip.number("fontSize", 64);
    if (fontSize <= 0) {
      throw new IllegalArgumentException("clip " + clip.id() + ": fontSize must be positive (got " + fontSize + ")");
    }
    String family = clip.text("fontFamily", DEFAULT_FONT);
    this.font = new Font(family, Font.BOLD, 1).deriveFont((float) (fontSize * scale));
    if (!font.getFamily().equalsIgnoreCase(family)) {
      throw new IllegalStateException(
          "clip " + clip.id() + ": font '" + family + "' is not installed (got '" + font.getFamily()
              + "' instead); for DejaVu Sans: apt-get install fonts-dejavu-core");
    }
    this.color = ColorValues.parse(clip.text("color", null), Color.WHITE, "clip " + clip.id() + " color");
    this.outlineColor =
        ColorValues.parse(clip.text("outlineColor", null), Color.BLACK, "clip " + clip.id() + " outlineColor");
    this.outlineWidth = (float) (Math.max(0.0, clip.number("outlineWidth", 4)) * scale);
    this.position = clip.text("position", "bottom");
    if (!List.of("bottom", "center", "top").contains(position)) {
      throw new IllegalArgumentException(
          "clip " + clip.id() + ": position must be \"bottom\", \"center\" or \"top\" (got '" + position + "')");
    }
    this.fadeSeconds = Math.max(0.0, clip.number("fadeSeconds", 0.25));
  }

  @Override
  public ClipDocument clip() {
    return clip;
  }

  @Override
  public void draw(Graphics2D g, double seconds) {
    if (sprite == null) {
      drawSprite();
    }
    double opacity = 1.0;
    if (fadeSeconds > 0) {
      double fromStart = seconds - clip.startTime();
      double toEnd = clip.endTime() - seconds;
      opacity = Math.clamp(Math.min(fromStart, toEnd) / fadeSeconds, 0.0, 1.0);
    }
    if (opacity <= 0) {
      return;
    }
    Composite before = g.getComposite();
    g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, (float) opacity));
    g.drawImage(sprite, 0, spriteTop, null);
    g.setComposite(before);
  }

  @Override
  public void release() {
    sprite = null;
  }

  /** Lays out the wrapped lines and paints outline and fill into a frame-wide sprite. */
  private void drawSprite() {
    List<TextLayout> lines = wrap(clip.text("text", "").strip());
    float blockHeight = 0;
    for (TextLayout line : lines) {
      blockHeight += line.getAscent() + line.getDescent() + line.getLeading();
    }
    int pad = (int) Math.ceil(outlineWidth) + 2;
    int height = Math.max(1, (int) Math.ceil(blockHeight) + 2 * pad);
    float blockTop =
        switch (position) {
          case "top" -> (float) (frameHeight * EDGE_MARGIN);
          case "center" -> (frameHeight - blockHeight) / 2f;
          default -> (float) (frameHeight * (1 - EDGE_MARGIN)) - blockHeight;
        };
    spriteTop = Math.round(blockTop) - pad;
    sprite = new BufferedImage(frameWidth, height, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = sprite.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      g.setStroke(new BasicStroke(2 * outlineWidth, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      float baseline = pad;
      for (TextLayout line : lines) {
        baseline += line.getAscent();
        float left = (frameWidth - line.getVisibleAdvance()) / 2f;
        Shape outline = line.getOutline(AffineTransform.getTranslateInstance(left, baseline));
        if (outlineWidth > 0) {
          g.setColor(outlineColor);
          g.draw(outline);
        }
        g.setColor(color);
        g.fill(outline);
        baseline += line.getDescent() + line.getLeading();
      }
    } finally {
      g.dispose();
    }
  }

  private List<TextLayout> wrap(String text) {
    List<TextLayout> lines = new ArrayList<>();
    if (text.isEmpty()) {
      return lines;
    }
    AttributedString styled = new AttributedString(text);
    styled.addAttribute(TextAttribute.FONT, font);
    LineBreakMeasurer measurer = new LineBreakMeasurer(styled.getIterator(), RENDER_CONTEXT);
    float wrapWidth = (float) (frameWidth * WRAP_WIDTH);
    while (measurer.getPosition() < text.length()) {
      lines.add(measurer.nextLayout(wrapWidth));
    }
    return lines;
  }
}
