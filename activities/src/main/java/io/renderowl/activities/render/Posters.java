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

  /** The frame a render's poster shows: a tenth of the way in (the last for a short one). */
  static long frameOf(long frameCount) {
    return Math.min(frameCount - 1, frameCount / 10);
  }

  /** Writes frame {@code frame} (counted from 0, clamped to the video) of {@code video} as JPEG. */
  static Path write(Path video, long frame, Path jpeg) {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile());
        Java2DFrameConverter converter = new Java2DFrameConverter()) {
      grabber.start();
      long length = grabber.getLengthInVideoFrames();
      BufferedImage picture = null;
      if (length > 0) {
        // Seek to the key frame before it and decode from there (at most one GOP, 2 s), not from
        // the start: on W1 (frame 90 of 900, 1080x1920) 0.1 s instead of 0.33 s, the same pixels.
        grabber.setVideoFrameNumber((int) Math.min(frame, length - 1));
        Frame f = grabber.grabImage();
        picture = f == null ? null : copy(converter.convert(f));
      }
      if (picture == null) {
        picture = decodeFromStart(video, frame, converter);
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

  /**
   * Decodes up to the frame (or the last one) from the start: for a file whose header does not say
   * its length or whose seek found no frame.
   */
  private static BufferedImage decodeFromStart(
      Path video, long frame, Java2DFrameConverter converter) throws IOException {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile())) {
      grabber.start();
      // Convert only the wanted frame: a Java2D copy of every 1080p frame on the way cost about
      // half a second per poster.
      Frame f;
      long n = 0;
      for (; (f = grabber.grabImage()) != null; n++) {
        if (n >= frame) {
          return copy(converter.convert(f));
        }
      }
      if (n == 0) {
        throw new IllegalStateException(video + " has no video frame for a poster");
      }
      return decodeFromStart(video, n - 1, converter); // shorter than asked: its last frame
    }
  }

  private static BufferedImage copy(BufferedImage image) {
    BufferedImage rgb =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    rgb.getGraphics().drawImage(image, 0, 0, null);
    return rgb;
  }
}
