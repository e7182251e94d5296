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
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * A still image clip (see {@link PictureLayer} for fit, Ken Burns zoom and pan, transitions).
 *
 * <p>On first use the image is read (into the render's one reused BGR image, see {@link #load}),
 * scaled once (bicubic) to its size at the largest zoom and converted to planar YUV 4:4:4 in native
 * memory; each frame then only crops and scales it down a little with swscale, straight into the
 * frame. Freed once the clip is past.
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
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
        throw ClipLayer.unusableSource(clip, file, "is not a readable image");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        load(reader);
      } finally {
        reader.dispose();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "clip " + clip.id() + ": cannot read image " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Decodes the image straight into the render's reused BGR image where the reader can (8-bit RGB
   * JPEG and PNG), so a picture leaves no image-sized garbage on the Java heap: such arrays outlive
   * a small young generation and pile up in the old one, scene after scene. Other images (alpha,
   * grey, palette) are decoded as they are and drawn onto black in that image. An image over
   * {@value #MAX_DECODED_PIXELS} pixels is decoded at a whole fraction of its size that still holds
   * the pixels the clip shows (a 6000x4000 photo on a 1080p frame: 3000x2000), so a camera's photo
   * needs no more heap than a 4K frame.
   */
  private void load(ImageReader reader) throws IOException {
    naturalWidth = reader.getWidth(0);
    naturalHeight = reader.getHeight(0);
    double fit =
        clip.text("fit", "cover").equals("cover")
            ? Math.max(frameWidth / naturalWidth, frameHeight / naturalHeight)
            : Math.min(frameWidth / naturalWidth, frameHeight / naturalHeight);
    double scale = fit * Math.max(1.0, maxZoom());
    width = Math.max(2, (int) Math.round(naturalWidth * scale));
    height = Math.max(2, (int) Math.round(naturalHeight * scale));
    int step = subsampling(naturalWidth * naturalHeight, scale);
    int decodedWidth = (reader.getWidth(0) + step - 1) / step;
    int decodedHeight = (reader.getHeight(0) + step - 1) / step;
    ImageReadParam param = reader.getDefaultReadParam();
    param.setSourceSubsampling(step, step, 0, 0);
    BufferedImage bgr = buffers.bgrImage(decodedWidth, decodedHeight);
    if (decodesToBgr(reader)) {
      param.setDestination(bgr);
      reader.read(0, param);
    } else {
      BufferedImage source = reader.read(0, param);
      java.awt.Graphics2D g = bgr.createGraphics();
      try {
        g.setComposite(java.awt.AlphaComposite.Src);
        g.setColor(java.awt.Color.BLACK);
        g.fillRect(0, 0, decodedWidth, decodedHeight);
        g.setComposite(java.awt.AlphaComposite.SrcOver);
        g.drawImage(source, 0, 0, null);
      } finally {
        g.dispose();
      }
    }
    planes =
        toYuv444(
            ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData(),
            decodedWidth,
            decodedHeight,
            width,
            height,
            buffers);
  }

  /** Pixels an image may have before it is decoded at a fraction of its size (24 MB as BGR). */
  static final long MAX_DECODED_PIXELS = 8L * 1024 * 1024;

  /**
   * The decoding step (1: every pixel) for an image of {@code pixels} shown at {@code scale}: 1 up
   * to {@link #MAX_DECODED_PIXELS}, else the largest whole step that still leaves at least the
   * pixels per side the clip shows.
   */
  static int subsampling(double pixels, double scale) {
    if (pixels <= MAX_DECODED_PIXELS || scale >= 0.5) {
      return 1;
    }
    return Math.max(1, (int) Math.floor(1 / scale));
  }

  private static boolean decodesToBgr(ImageReader reader) throws IOException {
    for (Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0); types.hasNext(); ) {
      if (types.next().getBufferedImageType() == BufferedImage.TYPE_3BYTE_BGR) {
        return true;
      }
    }
    return false;
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
