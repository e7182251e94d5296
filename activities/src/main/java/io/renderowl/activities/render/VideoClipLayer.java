package io.renderowl.activities.render;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;

import io.renderowl.activities.storage.MediaResolver;
import io.renderowl.workflows.timeline.ClipDocument;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * A video clip (see {@link PictureLayer} for fit, zoom, pan and transitions): frames are decoded
 * one at a time as the timeline reaches them (never the whole clip), starting {@code trimStart}
 * seconds into the file; with {@code loop} a clip shorter than its place on the timeline starts
 * over, otherwise its last frame stays. Shows at each timeline time the latest source frame whose
 * timestamp is not after it. Its sound is mixed by {@link AudioMixer}.
 */
final class VideoClipLayer extends PictureLayer {

  private final MediaResolver media;
  private final double trimStart;
  private final boolean loop;
  private FFmpegFrameGrabber grabber;
  private BytePointer current;
  private int width;
  private int height;
  private double currentTime = Double.NEGATIVE_INFINITY;
  private Frame pending;
  private double pendingTime;
  private boolean ended;
  private double loopLength;

  VideoClipLayer(ClipDocument clip, FrameContext frame, double defaultTransitionSeconds) {
    super(clip, frame, defaultTransitionSeconds);
    this.media = frame.media();
    this.trimStart = Math.max(0, clip.number("trimStart", 0));
    this.loop = Boolean.TRUE.equals(clip.content().get("loop"));
  }

  @Override
  protected boolean prepare(double seconds) {
    boolean opened = false;
    if (grabber == null) {
      open();
      opened = true;
    }
    double want = trimStart + Math.max(0, seconds - clip.startTime());
    if (loop && loopLength > 0) {
      double into = Math.max(0, seconds - clip.startTime()) % loopLength;
      if (loopLength - into < 1e-6) {
        into = 0; // exactly one loop length in, up to rounding
      }
      want = trimStart + into;
      if (want < currentTime) {
        restart();
      }
    }
    if (opened && want - trimStart > SEEK_AHEAD_SECONDS) {
      // a chunk starting inside the clip: seek close to its first frame instead of decoding up to
      // it
      seek(want - SEEK_AHEAD_SECONDS);
    }
    try {
      while (!ended && (pending == null || pendingTime <= want + 1e-6)) {
        if (pending != null) {
          keep(pending, pendingTime);
        }
        pending = grabber.grabImage();
        if (pending == null) {
          ended = true;
        } else {
          pendingTime = pending.timestamp / 1e6;
        }
      }
    } catch (FrameGrabber.Exception e) {
      throw new IllegalStateException(
          "clip " + clip.id() + ": decoding " + clip.sourceUrl() + " failed: " + e.getMessage(), e);
    }
    if (ended && pending == null && current == null) {
      return false;
    }
    if (current == null && pending != null) {
      keep(pending, pendingTime); // the first frame starts after trimStart: show it from the start
    }
    return current != null;
  }

  private void keep(Frame frame, double time) {
    int w = frame.imageWidth;
    int h = frame.imageHeight;
    int stride = frame.imageStride;
    if (current == null || w != width || h != height) {
      if (current != null) {
        current.close();
      }
      width = w;
      height = h;
      current = new BytePointer((long) w * h * 3);
    }
    ByteBuffer data = (ByteBuffer) frame.image[0];
    BytePointer source = new BytePointer(data.position(0));
    if (stride == w * 3) {
      Pointer.memcpy(current, source, (long) w * h * 3);
    } else {
      for (int row = 0; row < h; row++) {
        Pointer.memcpy(
            current.getPointer((long) row * w * 3),
            source.getPointer((long) row * stride),
            (long) w * 3);
      }
    }
    currentTime = time;
  }

  private void open() {
    Path file = media.resolve(clip.sourceUrl());
    grabber = new FFmpegFrameGrabber(file.toFile());
    grabber.setPixelFormat(AV_PIX_FMT_BGR24);
    try {
      grabber.start();
      if (grabber.getVideoStream() < 0 || grabber.getImageWidth() <= 0) {
        throw ClipLayer.unusableSource(clip, file, "has no video stream");
      }
      double length = grabber.getLengthInTime() / 1e6;
      loopLength = length > trimStart ? length - trimStart : 0;
      if (trimStart > 0) {
        grabber.setTimestamp(Math.round(trimStart * 1e6));
      }
    } catch (FrameGrabber.Exception e) {
      throw new IllegalStateException(
          "clip " + clip.id() + ": cannot open video " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Seeks this far before the wanted time, so the frame shown there is found by decoding forward.
   */
  private static final double SEEK_AHEAD_SECONDS = 0.25;

  private void seek(double sourceSeconds) {
    try {
      grabber.setTimestamp(Math.round(sourceSeconds * 1e6));
    } catch (FrameGrabber.Exception e) {
      throw new IllegalStateException(
          "clip " + clip.id() + ": cannot seek in " + clip.sourceUrl() + ": " + e.getMessage(), e);
    }
    pending = null;
    ended = false;
  }

  private void restart() {
    try {
      grabber.setTimestamp(Math.round(trimStart * 1e6));
    } catch (FrameGrabber.Exception e) {
      throw new IllegalStateException(
          "clip " + clip.id() + ": cannot loop " + clip.sourceUrl() + ": " + e.getMessage(), e);
    }
    pending = null;
    ended = false;
    currentTime = Double.NEGATIVE_INFINITY;
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
    return width;
  }

  @Override
  protected double naturalHeight() {
    return height;
  }

  @Override
  protected boolean evenCrop() {
    return false;
  }

  @Override
  protected void scaleInto(
      int sx, int sy, int sw, int sh, YuvImage target, int x, int y, int w, int h) {
    BytePointer start = current.getPointer(((long) sy * width + sx) * 3);
    scaler.scale(
        new BytePointer[] {start},
        new int[] {width * 3},
        AV_PIX_FMT_BGR24,
        sw,
        sh,
        target,
        x,
        y,
        w,
        h);
  }

  @Override
  public void release() {
    if (grabber != null) {
      try {
        grabber.close();
      } catch (FrameGrabber.Exception e) {
        // decoding is over; a failure to free the decoder changes nothing drawn
      }
      grabber = null;
    }
    if (current != null) {
      current.close();
      current = null;
    }
    pending = null;
  }
}
