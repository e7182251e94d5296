package io.renderowl.activities.render;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * The poster JPEG of a rendered MP4: one decoded frame of the finished video (what viewers see), so
 * the poster needs neither the timeline's media nor a second draw.
 */
final class Posters {
  private Posters() {}

  /** Writes frame {@code frame} (counted from 0, clamped to the video) of {@code video} as JPEG. */
  static Path write(Path video, long frame, Path jpeg) {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile());
        Java2DFrameConverter converter = new Java2DFrameConverter()) {
      grabber.start();
      // Decode up to the frame but convert only that one: a Java2D copy of every 1080p frame on
      // the way cost about half a second per poster.
      BufferedImage picture = null;
      Frame f;
      long n = 0;
      for (; (f = grabber.grabImage()) != null; n++) {
        if (n >= frame) {
          picture = copy(converter.convert(f));
          break;
        }
      }
      if (picture == null && n > 0) {
        return write(video, n - 1, jpeg); // shorter than asked: its last frame
      }
      if (picture == null) {
        throw new IllegalStateException(video + " has no video frame for a poster");
      }
      if (!ImageIO.write(picture, "jpg", jpeg.toFile())) {
        throw new IllegalStateException("no JPEG writer");
      }
      return jpeg;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the poster of " + video + ": " + e.getMessage(), e);
    }
  }

  private static BufferedImage copy(BufferedImage image) {
    BufferedImage rgb =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    rgb.getGraphics().drawImage(image, 0, 0, null);
    return rgb;
  }
}
