package io.renderowl.activities.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.renderowl.workflows.timeline.ClipDocument;
import io.renderowl.workflows.timeline.TimelineDocument;
import io.renderowl.workflows.timeline.TrackDocument;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Draws small timelines (320x180, 30 fps) with the real composer and samples pixels: each clip type
 * and transition shows where and when the timeline says.
 */
class ClipTypesAndTransitionsTest {

  private static final int W = 320;
  private static final int H = 180;
  private static final Color RED = new Color(220, 30, 30);
  private static final Color BLUE = new Color(30, 30, 220);
  private static final Color GREEN = new Color(30, 200, 30);

  @TempDir static Path dir;

  @BeforeAll
  static void pictures() throws Exception {
    solid(RED, 640, 360, "red.png");
    solid(BLUE, 640, 360, "blue.png");
    // left half green, right half blue: shows where a pan or zoom moves the picture
    BufferedImage split = new BufferedImage(640, 360, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = split.createGraphics();
    g.setColor(GREEN);
    g.fillRect(0, 0, 320, 360);
    g.setColor(BLUE);
    g.fillRect(320, 0, 320, 360);
    g.dispose();
    ImageIO.write(split, "png", dir.resolve("split.png").toFile());
    // a square picture: contain leaves bars left and right of it in a 16:9 frame
    solid(RED, 200, 200, "square.png");
  }

  @ParameterizedTest
  @ValueSource(strings = {"crossfade", "fade", "wipe", "slide", "zoom", "none"})
  void transitionBetweenTwoClipsOnATrack(String transition) {
    // red 0..2 s, blue 1.5..3 s entering with the transition over the 0.5 s overlap
    TimelineDocument timeline =
        timeline(
            3.0,
            "#000000",
            track(
                "pics",
                "image",
                0,
                clip("red", "image", 0, 2, "red.png", Map.of("zoomFrom", 1.0)),
                clip("blue", "image", 1.5, 1.5, "blue.png", Map.of("transitionIn", transition))));
    try (FrameComposer composer =
        new FrameComposer(timeline, ClipTypesAndTransitionsTest::resolve)) {
      assertColour(composer.drawRgb(1.0), W / 2, H / 2, RED);
      assertColour(composer.drawRgb(2.5), W / 2, H / 2, BLUE);
      BufferedImage half = composer.drawRgb(1.75); // halfway through the transition
      Color mixed = blend(RED, BLUE, 0.5);
      switch (transition) {
        case "crossfade" -> assertColour(half, W / 2, H / 2, mixed);
        case "fade" -> assertColour(half, W / 2, H / 2, Color.BLACK); // through the background
        case "wipe" -> {
          assertColour(half, W / 4, H / 2, BLUE); // revealed from the left
          assertColour(half, 3 * W / 4, H / 2, RED);
        }
        case "slide" -> {
          assertColour(half, W / 4, H / 2, RED); // coming in from the right
          assertColour(half, 3 * W / 4, H / 2, BLUE);
        }
        case "zoom" -> {
          assertColour(half, W / 2, H / 2, mixed); // half faded in, 75% size about the centre
          assertColour(half, 4, 4, RED);
        }
        default -> assertColour(half, W / 2, H / 2, BLUE); // a cut at the clip's start
      }
      if (transition.equals("fade")) {
        assertColour(composer.drawRgb(1.5 + 0.125), W / 2, H / 2, blend(RED, Color.BLACK, 0.5));
        assertColour(composer.drawRgb(1.5 + 0.375), W / 2, H / 2, blend(Color.BLACK, BLUE, 0.5));
      }
    }
  }

  @Test
  void imageFitKenBurnsZoomAndPan() {
    TimelineDocument timeline =
        timeline(
            2.0,
            "#ffffff",
            track(
                "pics",
                "image",
                0,
                clip("contain", "image", 0, 1, "square.png", Map.of("fit", "contain")),
                clip(
                    "pan",
                    "image",
                    1,
                    1,
                    "split.png",
                    Map.of("zoomFrom", 2.0, "zoomTo", 2.0, "panFromX", 0.5, "panToX", -0.5))));
    try (FrameComposer composer =
        new FrameComposer(timeline, ClipTypesAndTransitionsTest::resolve)) {
      BufferedImage contained = composer.drawRgb(0.5);
      assertColour(contained, W / 2, H / 2, RED);
      assertColour(contained, 10, H / 2, Color.WHITE); // background beside the square
      // zoomed 2x and panned half a frame right: only the picture's left (green) half is seen
      assertColour(composer.drawRgb(1.0), W / 2, H / 2, GREEN);
      // at the end, panned half a frame left: its right (blue) half
      assertColour(composer.drawRgb(1.0 + 29 / 30.0), W / 2, H / 2, blend(BLUE, BLUE, 0));
    }
  }

  @Test
  void picturesOfEveryKindShowTheirColoursAndTransparentPartsOverBlack() throws Exception {
    // a JPEG (decoded straight into the render's reused BGR image), grey and palette PNGs, and a
    // PNG whose right half is transparent (drawn onto black, as before, not the background)
    BufferedImage jpeg = new BufferedImage(640, 360, BufferedImage.TYPE_INT_RGB);
    paint(jpeg, RED, 0, 640);
    ImageIO.write(jpeg, "jpg", dir.resolve("red.jpg").toFile());
    BufferedImage grey = new BufferedImage(640, 360, BufferedImage.TYPE_BYTE_GRAY);
    paint(grey, new Color(128, 128, 128), 0, 640);
    ImageIO.write(grey, "png", dir.resolve("grey.png").toFile());
    BufferedImage palette = new BufferedImage(640, 360, BufferedImage.TYPE_BYTE_INDEXED);
    paint(palette, Color.BLUE, 0, 640);
    ImageIO.write(palette, "png", dir.resolve("palette.png").toFile());
    BufferedImage alpha = new BufferedImage(640, 360, BufferedImage.TYPE_INT_ARGB);
    paint(alpha, GREEN, 0, 320);
    paint(alpha, new Color(255, 255, 255, 0), 320, 640);
    ImageIO.write(alpha, "png", dir.resolve("alpha.png").toFile());
    TimelineDocument timeline =
        timeline(
            4.0,
            "#ffffff",
            track(
                "pics",
                "image",
                0,
                clip("jpeg", "image", 0, 1, "red.jpg", Map.of("zoomFrom", 1.0)),
                clip("grey", "image", 1, 1, "grey.png", Map.of("zoomFrom", 1.0)),
                clip("palette", "image", 2, 1, "palette.png", Map.of("zoomFrom", 1.0)),
                clip("alpha", "image", 3, 1, "alpha.png", Map.of("zoomFrom", 1.0))));
    try (FrameComposer composer =
        new FrameComposer(timeline, ClipTypesAndTransitionsTest::resolve)) {
      assertColour(composer.drawRgb(0.5), W / 2, H / 2, RED);
      assertColour(composer.drawRgb(1.5), W / 2, H / 2, new Color(128, 128, 128));
      assertColour(composer.drawRgb(2.5), W / 2, H / 2, Color.BLUE);
      BufferedImage halfTransparent = composer.drawRgb(3.5);
      assertColour(halfTransparent, W / 4, H / 2, GREEN);
      assertColour(halfTransparent, 3 * W / 4, H / 2, Color.BLACK);
    }
  }

  @Test
  void aPictureOverTheDecodingBudgetIsDecodedAtAFractionOfItsSizeInItsPlace() throws Exception {
    // 4200x2100 (8.8 megapixels) in a 320x180 frame: decoded at about a tenth of its size
    BufferedImage large = new BufferedImage(4200, 2100, BufferedImage.TYPE_3BYTE_BGR);
    paint(large, GREEN, 0, 2100);
    paint(large, BLUE, 2100, 4200);
    ImageIO.write(large, "png", dir.resolve("large.png").toFile());
    TimelineDocument timeline =
        timeline(
            1.0,
            "#000000",
            track("pics", "image", 0, clip("large", "image", 0, 1, "large.png", Map.of())));
    try (FrameComposer composer =
        new FrameComposer(timeline, ClipTypesAndTransitionsTest::resolve)) {
      BufferedImage frame = composer.drawRgb(0.5);
      assertColour(frame, W / 4, H / 2, GREEN);
      assertColour(frame, 3 * W / 4, H / 2, BLUE);
    }
    assertThat(ImageClipLayer.subsampling(4200 * 2100, 320 / 4200.0 * 1.1)).isEqualTo(11);
    assertThat(ImageClipLayer.subsampling(6000 * 4000, 0.352))
        .as("6000x4000 on 1080p")
        .isEqualTo(2);
    assertThat(ImageClipLayer.subsampling(1920 * 1080, 0.1)).as("within the budget").isEqualTo(1);
    assertThat(ImageClipLayer.subsampling(6000 * 4000, 0.6)).as("shown at over half").isEqualTo(1);
  }

  @Test
  void aPictureThatIsNotAnImageNamesTheClipTheFileAndItsSource() throws Exception {
    java.nio.file.Files.writeString(dir.resolve("notes.png"), "not a picture");
    TimelineDocument timeline =
        timeline(
            1.0,
            "#000000",
            track("pics", "image", 0, clip("notes", "image", 0, 1, "notes.png", Map.of())));
    try (FrameComposer composer =
        new FrameComposer(timeline, ClipTypesAndTransitionsTest::resolve)) {
      assertThatThrownBy(() -> composer.drawRgb(0.5))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "clip notes: "
                  + dir.resolve("notes.png")
                  + " (from notes.png) is not a readable image");
    }
  }

  private static void paint(BufferedImage image, Color colour, int fromX, int toX) {
    Graphics2D g = image.createGraphics();
    g.setComposite(java.awt.AlphaComposite.Src);
    g.setColor(colour);
    g.fillRect(fromX, 0, toX - fromX, image.getHeight());
    g.dispose();
  }

  @Test
  void textClipWithWordHighlightBoxAndFade() throws Exception {
    List<Map<String, Object>> words =
        List.of(
            Map.of("text", "Owls", "start", 0.0, "end", 0.5),
            Map.of("text", "see", "start", 0.5, "end", 1.0));
    Map<String, Object> content = new HashMap<>();
    content.put("words", words);
    content.put("fontSize", 200);
    content.put("color", "#ffffff");
    content.put("highlightColor", "#ffd400");
    content.put("backgroundColor", "#0000ffff");
    content.put("position", "center");
    content.put("fadeInSeconds", 0.0);
    content.put("fadeOutSeconds", 0.5);
    TimelineDocument timeline =
        timeline(
            2.0, "#000000", track("caps", "text", 0, clip("cap", "text", 0.5, 1.0, null, content)));
    try (FrameComposer composer =
        new FrameComposer(timeline, ClipTypesAndTransitionsTest::resolve)) {
      assertThat(count(composer.drawRgb(0.25), ClipTypesAndTransitionsTest::yellow))
          .as("before the clip")
          .isZero();
      BufferedImage first = composer.drawRgb(0.6);
      BufferedImage second = composer.drawRgb(1.0);
      // the highlighted word is yellow: "Owls" (left) first, then "see" (right of it)
      assertThat(count(first, ClipTypesAndTransitionsTest::yellow)).isGreaterThan(100);
      assertThat(count(second, ClipTypesAndTransitionsTest::yellow)).isGreaterThan(60);
      double firstCentre = centreX(first, ClipTypesAndTransitionsTest::yellow);
      double secondCentre = centreX(second, ClipTypesAndTransitionsTest::yellow);
      assertThat(firstCentre).isLessThan(W / 2.0);
      assertThat(secondCentre).isGreaterThan(W / 2.0).isGreaterThan(firstCentre + W / 8.0);
      assertThat(count(first, ClipTypesAndTransitionsTest::white)).isGreaterThan(60);
      assertThat(count(first, ClipTypesAndTransitionsTest::boxBlue))
          .as("the background box")
          .isGreaterThan(500);
      // fading out over its last 0.5 s: at 1.25 s (0.25 s left) the box is half as strong
      int boxX = 0;
      while (!boxBlue(first.getRGB(boxX, H / 2))) {
        boxX++;
      }
      Color box = new Color(composer.drawRgb(1.25).getRGB(boxX + 2, H / 2));
      assertThat(box.getBlue()).isBetween(90, 160);
      assertThat(count(composer.drawRgb(1.6), ClipTypesAndTransitionsTest::boxBlue))
          .as("after the clip")
          .isZero();
    }
  }

  @Test
  void videoClipIsTrimmedLoopedAndShowsTheRightSourceFrame() {
    // the source: 1 s (30 frames) of framecode; the clip starts it 10 frames in and loops
    Path source = dir.resolve("code.mp4");
    TimelineDocument code =
        timeline(
            1.0,
            "#000000",
            track("code", "effect", 0, clip("fc", "framecode", 0, 1, null, Map.of())));
    new TimelineRenderer(new VideoEncoding(VideoEncoding.LIBX264, "ultrafast", 0, 30, 0))
        .render(code, ClipTypesAndTransitionsTest::resolve, source, RenderListener.NONE);
    TimelineDocument timeline =
        timeline(
            3.0,
            "#000000",
            track(
                "vid",
                "video",
                0,
                clip(
                    "v",
                    "video",
                    0.5,
                    2.5,
                    "code.mp4",
                    Map.of("trimStart", 10 / 30.0, "loop", true, "fit", "cover"))));
    try (FrameComposer composer =
        new FrameComposer(timeline, ClipTypesAndTransitionsTest::resolve)) {
      assertThat(framecode(composer.drawRgb(0.25))).as("before the clip: background").isZero();
      assertThat(framecode(composer.drawRgb(0.5))).isEqualTo(10);
      assertThat(framecode(composer.drawRgb(0.5 + 5 / 30.0))).isEqualTo(15);
      assertThat(framecode(composer.drawRgb(0.5 + 19 / 30.0))).isEqualTo(29);
      assertThat(framecode(composer.drawRgb(0.5 + 20 / 30.0)))
          .as("looped to trimStart")
          .isEqualTo(10);
      assertThat(framecode(composer.drawRgb(0.5 + 45 / 30.0))).isEqualTo(15);
    }
    // a chunk that starts inside the clip seeks there and shows the same frames as an unsplit
    // render
    TimelineDocument plain =
        timeline(
            1.5,
            "#000000",
            track("vid", "video", 0, clip("v", "video", 0, 1.5, "code.mp4", Map.of())));
    try (FrameComposer late = new FrameComposer(plain, ClipTypesAndTransitionsTest::resolve)) {
      assertThat(framecode(late.drawRgb(24 / 30.0))).isEqualTo(24);
      assertThat(framecode(late.drawRgb(25 / 30.0))).isEqualTo(25);
      assertThat(framecode(late.drawRgb(40 / 30.0)))
          .as("past the end of the file: its last frame")
          .isEqualTo(29);
    }
  }

  @Test
  void tracksDrawInOrderAndHiddenTracksNotAtAll() {
    TimelineDocument timeline =
        timeline(
            1.0,
            "#000000",
            track("top", "image", 2, clip("b", "image", 0, 1, "blue.png", Map.of())),
            track("bottom", "image", 1, clip("r", "image", 0, 1, "red.png", Map.of())),
            new TrackDocument(
                "hidden",
                "hidden",
                "image",
                3,
                false,
                List.of(clip("g", "image", 0, 1, "split.png", Map.of()))));
    try (FrameComposer composer =
        new FrameComposer(timeline, ClipTypesAndTransitionsTest::resolve)) {
      assertColour(composer.drawRgb(0.5), W / 2, H / 2, BLUE);
    }
  }

  static long framecode(BufferedImage frame) {
    return FramecodeClipLayer.read(W, H, (x, y) -> ChunkRendererTest.luma(frame.getRGB(x, y)));
  }

  private static boolean yellow(int rgb) {
    return (rgb >> 16 & 0xff) > 200 && (rgb >> 8 & 0xff) > 170 && (rgb & 0xff) < 90;
  }

  private static boolean white(int rgb) {
    return (rgb >> 16 & 0xff) > 220 && (rgb >> 8 & 0xff) > 220 && (rgb & 0xff) > 220;
  }

  private static boolean boxBlue(int rgb) {
    return (rgb >> 16 & 0xff) < 40 && (rgb >> 8 & 0xff) < 40 && (rgb & 0xff) > 200;
  }

  private static double centreX(BufferedImage image, java.util.function.IntPredicate test) {
    long sum = 0;
    int n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if (test.test(image.getRGB(x, y))) {
          sum += x;
          n++;
        }
      }
    }
    return n == 0 ? Double.NaN : sum / (double) n;
  }

  private static int count(BufferedImage image, java.util.function.IntPredicate test) {
    return countIn(image, 0, image.getWidth(), test);
  }

  private static int countIn(
      BufferedImage image, int x0, int x1, java.util.function.IntPredicate test) {
    int n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = x0; x < x1; x++) {
        if (test.test(image.getRGB(x, y))) {
          n++;
        }
      }
    }
    return n;
  }

  private static Color blend(Color a, Color b, double t) {
    return new Color(
        (int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * t),
        (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * t),
        (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * t));
  }

  private static void assertColour(BufferedImage image, int x, int y, Color expected) {
    Color actual = new Color(image.getRGB(x, y));
    String what = "pixel (" + x + "," + y + ") " + actual + " vs " + expected;
    assertThat((double) actual.getRed()).as(what).isCloseTo(expected.getRed(), within(14.0));
    assertThat((double) actual.getGreen()).as(what).isCloseTo(expected.getGreen(), within(14.0));
    assertThat((double) actual.getBlue()).as(what).isCloseTo(expected.getBlue(), within(14.0));
  }

  private static void solid(Color colour, int w, int h, String name) throws Exception {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(colour);
    g.fillRect(0, 0, w, h);
    g.dispose();
    ImageIO.write(image, "png", dir.resolve(name).toFile());
  }

  static TimelineDocument timeline(double seconds, String background, TrackDocument... tracks) {
    return new TimelineDocument(
        "t", "test", W, H, 30, background, "crossfade", seconds, List.of(tracks));
  }

  static TrackDocument track(String id, String type, int order, ClipDocument... clips) {
    return new TrackDocument(id, id, type, order, true, new ArrayList<>(List.of(clips)));
  }

  static ClipDocument clip(
      String id,
      String type,
      double start,
      double duration,
      String source,
      Map<String, Object> content) {
    return new ClipDocument(id, type, start, duration, source, content);
  }

  private static Path resolve(String url) {
    return dir.resolve(url);
  }
}
