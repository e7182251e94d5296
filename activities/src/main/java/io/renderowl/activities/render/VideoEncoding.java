package io.renderowl.activities.render;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How video chunks are encoded: an H.264 encoder and its settings. Every chunk of one render must
 * use the same encoding, or the chunks cannot be joined by stream copy.
 *
 * @param codec "libx264" (CPU) or "h264_nvenc" (NVIDIA GPU)
 * @param preset the encoder's speed preset: x264 "ultrafast".."veryslow", nvenc "p1".."p7"
 * @param quality constant quality: x264 crf 0..51, nvenc cq 0..51 (lower is better)
 * @param gopFrames the longest distance between key frames inside a chunk, in frames (&gt;= 1);
 *     every chunk also starts with an IDR frame whatever this is
 * @param threads encoder threads, 0 for the encoder's own choice
 * @param slicedThreads x264 only: the threads split every frame into slices (one frame in flight)
 *     instead of encoding a frame each (x264's default, one frame and its look-ahead copies in
 *     flight per thread); W1 (1080p, 2 threads): 55 MB less peak memory, PSNR 41.53 against 41.51
 *     dB, 0.6% more bytes, about 13% longer on 2 otherwise idle cores
 */
public record VideoEncoding(
    String codec, String preset, int quality, int gopFrames, int threads, boolean slicedThreads) {

  /** The CPU encoder. */
  public static final String LIBX264 = "libx264";

  /** The NVIDIA encoder; opens only where libcuda and a GPU are present. */
  public static final String H264_NVENC = "h264_nvenc";

  /** Frame threads (x264's default). */
  public VideoEncoding(String codec, String preset, int quality, int gopFrames, int threads) {
    this(codec, preset, quality, gopFrames, threads, false);
  }

  public VideoEncoding {
    Objects.requireNonNull(codec, "codec");
    Objects.requireNonNull(preset, "preset");
    if (!codec.equals(LIBX264) && !codec.equals(H264_NVENC)) {
      throw new IllegalArgumentException(
          "codec must be \"libx264\" or \"h264_nvenc\" (got '" + codec + "')");
    }
    if (quality < 0 || quality > 51) {
      throw new IllegalArgumentException("quality must be 0..51 (got " + quality + ")");
    }
    if (gopFrames < 1) {
      throw new IllegalArgumentException("gopFrames must be >= 1 (got " + gopFrames + ")");
    }
    if (threads < 0) {
      throw new IllegalArgumentException("threads must be >= 0 (got " + threads + ")");
    }
  }

  /** libx264 veryfast crf 23, a key frame at least every 2 s: the W1 benchmark's settings. */
  public static VideoEncoding standard(int fps) {
    return new VideoEncoding(LIBX264, "veryfast", 23, 2 * fps, 0);
  }

  /** libx264 ultrafast crf 28 for quick previews. */
  public static VideoEncoding preview(int fps) {
    return new VideoEncoding(LIBX264, "ultrafast", 28, 2 * fps, 0);
  }

  /**
   * The encoding for a frame size: {@link #preview} for preview-sized frames (short side at most
   * {@value io.renderowl.workflows.timeline.RenderPreset#PREVIEW_SHORT_SIDE} px), else {@link
   * #standard}.
   */
  public static VideoEncoding forFrame(int width, int height, int fps) {
    return Math.min(width, height)
            <= io.renderowl.workflows.timeline.RenderPreset.PREVIEW_SHORT_SIDE
        ? preview(fps)
        : standard(fps);
  }

  /** nvenc p4 cq 23 with the same key frame distance as {@link #standard}. */
  public static VideoEncoding nvenc(int fps) {
    return new VideoEncoding(H264_NVENC, "p4", 23, 2 * fps, 0);
  }

  /** This encoding with another thread count. */
  public VideoEncoding withThreads(int threads) {
    return new VideoEncoding(codec, preset, quality, gopFrames, threads, slicedThreads);
  }

  /** This encoding with x264's threads splitting every frame ({@code true}) or not. */
  public VideoEncoding withSlicedThreads(boolean sliced) {
    return new VideoEncoding(codec, preset, quality, gopFrames, threads, sliced);
  }

  /** The encoder's private options (AVOptions) these settings stand for. */
  Map<String, String> encoderOptions() {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("preset", preset);
    if (codec.equals(LIBX264)) {
      options.put("crf", Integer.toString(quality));
    } else {
      options.put("rc", "vbr");
      options.put("cq", Integer.toString(quality));
    }
    if (threads > 0) {
      options.put("threads", Integer.toString(threads));
    }
    if (slicedThreads && codec.equals(LIBX264)) {
      // FFmpeg's libx264 wrapper turns on x264's sliced threads when only slice threading is asked
      options.put("thread_type", "slice");
    }
    return options;
  }
}
