package io.renderowl.activities.render;

import io.renderowl.activities.storage.MediaResolver;
import io.renderowl.workflows.timeline.TimelineDocument;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** One frame of a timeline drawn by the render engine's frame composer, as a JPEG. */
public final class StillFrames {

  private StillFrames() {}

  /**
   * Draws the frame at {@code seconds} of {@code timeline} into {@code jpeg}.
   *
   * @throws IllegalArgumentException when a clip cannot be drawn
   */
  public static Path jpeg(
      TimelineDocument timeline, MediaResolver media, double seconds, Path jpeg) {
    try (FrameComposer composer = new FrameComposer(timeline, media)) {
      BufferedImage frame = composer.drawRgb(seconds);
      if (!ImageIO.write(frame, "jpg", jpeg.toFile())) {
        throw new IllegalStateException("no JPEG writer");
      }
      return jpeg;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + jpeg + ": " + e.getMessage(), e);
    }
  }
}
