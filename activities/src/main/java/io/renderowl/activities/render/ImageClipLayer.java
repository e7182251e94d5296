package io.renderowl.activities.render;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV444P;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BICUBIC;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import io.renderowl.activities.storage.MediaResolver;
import io.renderowl.workflows.timeline.ClipDocument;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * A still image clip (see {@link PictureLayer} for fit, Ken Burns zoom and pan, transitions).
 *
 * <p>On first use the image is read, scaled once (bicubic) to its size at the largest zoom and
 * converted to planar YUV 4:4:4 in native memory; each frame then only crops and scales it down a
 * little with swscale, straight into the frame. Freed once the clip is past.
 */
final class ImageClipLayer extends PictureLayer {

  private final MediaResolver media;
  private final NativeBuffers buffers;
  private BytePointer planes;
  private int width;
  private int height;
  private double naturalWidth;
  private double naturalHeight;

  ImageClipLayer(ClipDocument clip, FrameContext frame, double defaultTransitionSeconds) {
    super(clip, frame, defaultTransitionSeconds);
    this.media = frame.media();
    this.buffers = frame.buffers();
  }

  @Override
  protected boolean prepare(double seconds) {
    if (planes == null) {
      load();
    }
    return true;
  }

  @Override
  protected int sourceWidth() {
    return width;
  }

  @Override
  protected int sourceHeight() {
    return height;
  }

  @Override
  protected double naturalWidth() {
    return naturalWidth;
  }

  @Override
  protected double naturalHeight() {
    return naturalHeight;
  }

  @Override
  protected boolean evenCrop() {
    return false;
  }

  @Override
  protected void scaleInto(
      int sx, int sy, int sw, int sh, YuvImage target, int x, int y, int w, int h) {
    long plane = (long) width * height;
    long offset = (long) sy * width + sx;
    BytePointer[] sources = {
      planes.getPointer(offset),
      planes.getPointer(plane + offset),
      planes.getPointer(2 * plane + offset)
    };
    scaler.scale(
        sources, new int[] {width, width, width}, AV_PIX_FMT_YUV444P, sw, sh, target, x, y, w, h);
  }

  @Override
  public void release() {
    if (planes != null) {
      buffers.give(planes);
      planes = null;
    }
  }

  private void load() {
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
          "clip "
              + clip.id()
              + ": "
              + file
              + " (from "
              + clip.sourceUrl()
              + ") is not a readable image");
    }
    naturalWidth = source.getWidth();
    naturalHeight = source.getHeight();
    double fit =
        clip.text("fit", "cover").equals("cover")
            ? Math.max(frameWidth / naturalWidth, frameHeight / naturalHeight)
            : Math.min(frameWidth / naturalWidth, frameHeight / naturalHeight);
    double scale = fit * Math.max(1.0, maxZoom());
    width = Math.max(2, (int) Math.round(naturalWidth * scale));
    height = Math.max(2, (int) Math.round(naturalHeight * scale));
    BufferedImage bgr =
        new BufferedImage(source.getWidth(), source.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
    java.awt.Graphics2D g = bgr.createGraphics();
    try {
      g.drawImage(source, 0, 0, null);
    } finally {
      g.dispose();
    }
    planes =
        toYuv444(
            ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData(),
            source.getWidth(),
            source.getHeight(),
            width,
            height,
            buffers);
  }

  /** Scales packed BGR pixels (bicubic) to {@code w x h} planar YUV 4:4:4 in native memory. */
  private static BytePointer toYuv444(
      byte[] bgr, int sourceWidth, int sourceHeight, int w, int h, NativeBuffers buffers) {
    SwsContext context =
        sws_getContext(
            sourceWidth,
            sourceHeight,
            AV_PIX_FMT_BGR24,
            w,
            h,
            AV_PIX_FMT_YUV444P,
            SWS_BICUBIC,
            null,
            null,
            (DoublePointer) null);
    if (context == null) {
      throw new IllegalStateException(
          "swscale cannot convert a " + sourceWidth + "x" + sourceHeight + " image");
    }
    BytePointer result = buffers.take(3L * w * h);
    BytePointer source = buffers.take(bgr.length);
    source.position(0).put(bgr, 0, bgr.length);
    try (PointerPointer<BytePointer> in = new PointerPointer<>(source, null, null, null);
        IntPointer inStride = new IntPointer(sourceWidth * 3, 0, 0, 0);
        PointerPointer<BytePointer> out =
            new PointerPointer<>(
                result, result.getPointer((long) w * h), result.getPointer(2L * w * h), null);
        IntPointer outStride = new IntPointer(w, w, w, 0)) {
      sws_scale(context, in, inStride, 0, sourceHeight, out, outStride);
    } finally {
      sws_freeContext(context);
      buffers.give(source);
    }
    return result;
  }
}
