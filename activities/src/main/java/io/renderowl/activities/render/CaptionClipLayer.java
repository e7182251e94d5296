package io.renderowl.activities.render;

import io.renderowl.workflows.timeline.ClipDocument;
import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.font.LineBreakMeasurer;
import java.awt.font.TextAttribute;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.text.AttributedString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A text clip: bold text with an outline, an optional drop shadow and background box, word-wrapped
 * to {@value #WRAP_WIDTH} of the frame width, centred, placed at the bottom, centre or top, fading
 * in and out. With {@code words} (timed words, seconds from the clip start) the text is the words
 * joined by spaces and the word being spoken is drawn in {@code highlightColor}.
 *
 * <p>Sizes ({@code fontSize}, {@code outlineWidth}) are pixels at a 1080-pixel short side and scale
 * with the frame. Each look of the caption (one per highlighted word) is drawn once with Java2D
 * into a {@link Sprite}; frames only blend the sprite in.
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
  private final Color highlightColor;
  private final Color boxColor;
  private final boolean shadow;
  private final float outlineWidth;
  private final float scale;
  private final String position;
  private final double fadeInSeconds;
  private final double fadeOutSeconds;
  private final String text;
  private final List<Word> words;
  private final Map<Integer, Sprite> sprites = new HashMap<>();

  /** A timed word and where it sits in {@link #text}. */
  private record Word(int begin, int end, double start, double stop) {}

  /**
   * @throws IllegalArgumentException when a colour, the position or a size is invalid
   * @throws IllegalStateException when the font family is not installed
   */
  CaptionClipLayer(ClipDocument clip, int frameWidth, int frameHeight) {
    this.clip = clip;
    this.frameWidth = frameWidth;
    this.frameHeight = frameHeight;
    this.scale = (float) (Math.min(frameWidth, frameHeight) / 1080.0);
    double fontSize = clip.number("fontSize", 64);
    if (fontSize <= 0) {
      throw new IllegalArgumentException(
          "clip " + clip.id() + ": fontSize must be positive (got " + fontSize + ")");
    }
    String family = clip.text("fontFamily", DEFAULT_FONT);
    this.font = new Font(family, Font.BOLD, 1).deriveFont((float) (fontSize * scale));
    if (!font.getFamily().equalsIgnoreCase(family)) {
      throw new IllegalStateException(
          "clip "
              + clip.id()
              + ": font '"
              + family
              + "' is not installed (got '"
              + font.getFamily()
              + "' instead); for DejaVu Sans: apt-get install fonts-dejavu-core");
    }
    this.color =
        ColorValues.parse(clip.text("color", null), Color.WHITE, "clip " + clip.id() + " color");
    this.outlineColor =
        ColorValues.parse(
            clip.text("outlineColor", null), Color.BLACK, "clip " + clip.id() + " outlineColor");
    this.highlightColor =
        ColorValues.parse(
            clip.text("highlightColor", null),
            new Color(0xFFD400),
            "clip " + clip.id() + " highlightColor");
    this.boxColor =
        ColorValues.parse(
            clip.text("backgroundColor", null), null, "clip " + clip.id() + " backgroundColor");
    this.shadow = Boolean.TRUE.equals(clip.content().get("shadow"));
    this.outlineWidth = (float) (Math.max(0.0, clip.number("outlineWidth", 4)) * scale);
    this.position = clip.text("position", "bottom");
    if (!List.of("bottom", "center", "top").contains(position)) {
      throw new IllegalArgumentException(
          "clip "
              + clip.id()
              + ": position must be \"bottom\", \"center\" or \"top\" (got '"
              + position
              + "')");
    }
    double fade = Math.max(0.0, clip.number("fadeSeconds", 0.25));
    this.fadeInSeconds = Math.max(0.0, clip.number("fadeInSeconds", fade));
    this.fadeOutSeconds = Math.max(0.0, clip.number("fadeOutSeconds", fade));
    this.words = new ArrayList<>();
    this.text = textAndWords(clip, words);
  }

  private static String textAndWords(ClipDocument clip, List<Word> words) {
    Object timed = clip.content().get("words");
    if (!(timed instanceof List<?> list) || list.isEmpty()) {
      return clip.text("text", "").strip();
    }
    StringBuilder joined = new StringBuilder();
    for (Object item : list) {
      if (item instanceof Map<?, ?> word && word.get("text") != null) {
        if (!joined.isEmpty()) {
          joined.append(' ');
        }
        int begin = joined.length();
        joined.append(word.get("text").toString().strip());
        words.add(
            new Word(begin, joined.length(), number(word.get("start")), number(word.get("end"))));
      }
    }
    return joined.toString();
  }

  private static double number(Object value) {
    return value instanceof Number n ? n.doubleValue() : 0;
  }

  @Override
  public ClipDocument clip() {
    return clip;
  }

  @Override
  public void draw(YuvImage canvas, YuvImage scratch, double seconds) {
    double opacity = 1.0;
    if (fadeInSeconds > 0) {
      opacity = Math.min(opacity, (seconds - clip.startTime()) / fadeInSeconds);
    }
    if (fadeOutSeconds > 0) {
      opacity = Math.min(opacity, (clip.endTime() - seconds) / fadeOutSeconds);
    }
    if (opacity <= 0 || text.isEmpty()) {
      return;
    }
    int spoken = spokenWord(seconds - clip.startTime());
    sprites.computeIfAbsent(spoken, this::drawSprite).blendInto(canvas, Math.min(1.0, opacity));
  }

  /** Index of the word being spoken at {@code offset} seconds into the clip, -1 for none. */
  private int spokenWord(double offset) {
    for (int i = 0; i < words.size(); i++) {
      Word word = words.get(i);
      if (offset >= word.start() && offset < word.stop()) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public void release() {
    sprites.clear();
  }

  /** Lays out the wrapped lines and paints box, shadow, outline and fill into a sprite. */
  private Sprite drawSprite(int highlighted) {
    List<Line> lines = wrap();
    float blockHeight = 0;
    float blockWidth = 0;
    for (Line line : lines) {
      blockHeight += line.layout.getAscent() + line.layout.getDescent() + line.layout.getLeading();
      blockWidth = Math.max(blockWidth, line.layout.getVisibleAdvance());
    }
    float boxPad = boxColor == null ? 0 : 0.4f * font.getSize2D();
    float shadowOffset = shadow ? Math.max(2f, 0.06f * font.getSize2D()) : 0;
    int pad = (int) Math.ceil(outlineWidth + boxPad + shadowOffset) + 2;
    int width = Math.min(frameWidth, (int) Math.ceil(blockWidth) + 2 * pad);
    int height = (int) Math.ceil(blockHeight) + 2 * pad;
    float blockTop =
        switch (position) {
          case "top" -> (float) (frameHeight * EDGE_MARGIN);
          case "center" -> (frameHeight - blockHeight) / 2f;
          default -> (float) (frameHeight * (1 - EDGE_MARGIN)) - blockHeight;
        };
    int left = (frameWidth - width) / 2;
    int top = Math.round(blockTop) - pad;
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      if (boxColor != null) {
        g.setColor(boxColor);
        float arc = 0.4f * font.getSize2D();
        g.fill(
            new RoundRectangle2D.Float(
                (width - blockWidth) / 2f - boxPad,
                pad - boxPad,
                blockWidth + 2 * boxPad,
                blockHeight + 2 * boxPad,
                arc,
                arc));
      }
      List<Shape> outlines = new ArrayList<>();
      float baseline = pad;
      for (Line line : lines) {
        baseline += line.layout.getAscent();
        float x = (frameWidth - line.layout.getVisibleAdvance()) / 2f - left;
        outlines.add(line.layout.getOutline(AffineTransform.getTranslateInstance(x, baseline)));
        line.x = x;
        line.baseline = baseline;
        baseline += line.layout.getDescent() + line.layout.getLeading();
      }
      if (shadow) {
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.6f));
        g.setColor(Color.BLACK);
        AffineTransform offset = AffineTransform.getTranslateInstance(shadowOffset, shadowOffset);
        for (Shape outline : outlines) {
          Shape moved = offset.createTransformedShape(outline);
          g.fill(moved);
          if (outlineWidth > 0) {
            g.setStroke(
                new BasicStroke(2 * outlineWidth, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(moved);
          }
        }
        g.setComposite(AlphaComposite.SrcOver);
      }
      g.setStroke(new BasicStroke(2 * outlineWidth, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      for (int i = 0; i < lines.size(); i++) {
        Shape outline = outlines.get(i);
        if (outlineWidth > 0) {
          g.setColor(outlineColor);
          g.draw(outline);
        }
        g.setColor(color);
        g.fill(outline);
      }
      if (highlighted >= 0) {
        Word word = words.get(highlighted);
        for (int i = 0; i < lines.size(); i++) {
          Line line = lines.get(i);
          int from = Math.max(word.begin(), line.begin) - line.begin;
          int to = Math.min(word.end(), line.end) - line.begin;
          if (from < to) {
            Shape area = line.layout.getLogicalHighlightShape(from, to);
            Shape placed =
                AffineTransform.getTranslateInstance(line.x, line.baseline)
                    .createTransformedShape(area);
            Shape before = g.getClip();
            g.clip(placed);
            g.setColor(highlightColor);
            g.fill(outlines.get(i));
            g.setClip(before);
          }
        }
      }
    } finally {
      g.dispose();
    }
    return new Sprite(image, left, top);
  }

  /** A laid-out line and the range of {@link #text} it holds. */
  private static final class Line {
    final TextLayout layout;
    final int begin;
    final int end;
    float x;
    float baseline;

    Line(TextLayout layout, int begin, int end) {
      this.layout = layout;
      this.begin = begin;
      this.end = end;
    }
  }

  private List<Line> wrap() {
    List<Line> lines = new ArrayList<>();
    if (text.isEmpty()) {
      return lines;
    }
    AttributedString styled = new AttributedString(text);
    styled.addAttribute(TextAttribute.FONT, font);
    LineBreakMeasurer measurer = new LineBreakMeasurer(styled.getIterator(), RENDER_CONTEXT);
    float wrapWidth = (float) (frameWidth * WRAP_WIDTH);
    while (measurer.getPosition() < text.length()) {
      int begin = measurer.getPosition();
      TextLayout layout = measurer.nextLayout(wrapWidth);
      lines.add(new Line(layout, begin, measurer.getPosition()));
    }
    return lines;
  }
}
