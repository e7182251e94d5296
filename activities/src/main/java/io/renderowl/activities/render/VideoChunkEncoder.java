package io.renderowl.activities.render;

import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Writes a video-only MP4 chunk: H.264 yuv420p in one encoder session, so it starts with an IDR
 * frame and no frame refers to anything outside it. Timestamps start at 0 in units of 1/fps.
 */
final class VideoChunkEncoder implements AutoCloseable {

  private final FFmpegFrameRecorder recorder;
  private final Path output;
  // one session cut into files by the segment muxer (output is the files' pattern)
  private final boolean segmented;

  private VideoChunkEncoder(FFmpegFrameRecorder recorder, Path output, boolean segmented) {
    this.recorder = recorder;
    this.output = output;
    this.segmented = segmented;
  }

  /**
   * Opens {@code output} for writing.
   *
   * @throws IllegalStateException when the encoder is missing or cannot be opened
   */
  static VideoChunkEncoder open(
      Path output, int width, int height, int fps, VideoEncoding encoding) {
    TimelineRenderer.quietFfmpegLogs();
    if (avcodec.avcodec_find_encoder_by_name(encoding.codec()) == null) {
      throw new IllegalStateException(
          "the bundled FFmpeg has no "
              + encoding.codec()
              + " encoder: depend on org.bytedeco:ffmpeg with the"
              + " linux-x86_64-gpl classifier (the LGPL build silently falls back to libopenh264)");
    }
    FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(output.toFile(), width, height, 0);
    recorder.setFormat("mp4");
    recorder.setVideoCodecName(encoding.codec());
    recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
    recorder.setFrameRate(fps);
    recorder.setGopSize(encoding.gopFrames());
    recorder.setVideoBitrate(0);
    for (Map.Entry<String, String> option : encoding.encoderOptions().entrySet()) {
      recorder.setVideoOption(option.getKey(), option.getValue());
    }
    try {
      recorder.start();
    } catch (FrameRecorder.Exception e) {
      IllegalStateException failure =
          new IllegalStateException(
              "cannot start the "
                  + encoding.codec()
                  + " encoder for "
                  + output
                  + ": "
                  + e.getMessage(),
              e);
      try {
        recorder.release();
      } catch (FrameRecorder.Exception releaseFailure) {
        failure.addSuppressed(releaseFailure);
      }
      throw failure;
    }
    return new VideoChunkEncoder(recorder, output, false);
  }

  /**
   * Opens one libx264 session whose output is cut into consecutive video-only MP4 files, one per
   * {@code segmentLengths} entry: {@code pattern} (with one {@code %d}, the segment's index from 0)
   * names them. Key frames fall exactly on the cuts and nowhere else (key frame distance = the
   * segments' length, x264's scene-cut detection off), so each file starts with an IDR frame,
   * refers to nothing outside it and has timestamps from 0: the same kind of file {@link #open}
   * writes for one segment, without an encoder start and flush at each cut. File {@code i} is
   * complete once file {@code i + 1} exists (the segment muxer closes one before it opens the
   * next), or after {@link #finish}.
   *
   * @param segmentLengths frames of each segment, in order; all but the last of the same length
   * @throws IllegalStateException when the encoder is missing or cannot be opened
   */
  static VideoChunkEncoder openSegmented(
      String pattern,
      int width,
      int height,
      int fps,
      VideoEncoding encoding,
      java.util.List<Long> segmentLengths) {
    TimelineRenderer.quietFfmpegLogs();
    if (avcodec.avcodec_find_encoder_by_name(encoding.codec()) == null) {
      throw new IllegalStateException("the bundled FFmpeg has no " + encoding.codec() + " encoder");
    }
    FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(pattern, width, height, 0);
    recorder.setFormat("segment");
    recorder.setOption("segment_format", "mp4");
    recorder.setOption("reset_timestamps", "1");
    // as in a file of its own: the first frame at 0 (B-frame delay in the MP4's edit list), not
    // every timestamp pushed later so the first decoding timestamp is 0
    recorder.setOption("avoid_negative_ts", "disabled");
    StringBuilder cuts = new StringBuilder();
    long at = 0;
    for (int i = 0; i < segmentLengths.size() - 1; i++) {
      at += segmentLengths.get(i);
      cuts.append(cuts.isEmpty() ? "" : ",").append(at);
    }
    if (!cuts.isEmpty()) {
      recorder.setOption("segment_frames", cuts.toString());
    } else {
      recorder.setOption("segment_time", "1000000000");
    }
    recorder.setVideoCodecName(encoding.codec());
    recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
    recorder.setFrameRate(fps);
    recorder.setGopSize((int) Math.max(1, segmentLengths.getFirst()));
    recorder.setVideoBitrate(0);
    for (Map.Entry<String, String> option : encoding.encoderOptions().entrySet()) {
      recorder.setVideoOption(option.getKey(), option.getValue());
    }
    recorder.setVideoOption("x264-params", x264Params(System.getenv("RENDEROWL_X264_PARAMS")));
    Path shown = Path.of(pattern.replace("%%", "%"));
    try {
      recorder.start();
    } catch (FrameRecorder.Exception e) {
      IllegalStateException failure =
          new IllegalStateException(
              "cannot start the "
                  + encoding.codec()
                  + " encoder for "
                  + shown
                  + ": "
                  + e.getMessage(),
              e);
      try {
        recorder.release();
      } catch (FrameRecorder.Exception releaseFailure) {
        failure.addSuppressed(releaseFailure);
      }
      throw failure;
    }
    return new VideoChunkEncoder(recorder, shown, true);
  }

  /** Encodes {@code image} (the chunk's size) as the next frame; it may be reused on return. */
  void write(YuvImage image) {
    try {
      recorder.record(image.frame(), YuvImage.pixelFormat());
    } catch (FrameRecorder.Exception e) {
      throw new IllegalStateException(
          "encoding a video frame of " + output + " failed: " + e.getMessage() + osReason(e), e);
    }
  }

  /**
   * FFmpeg reports a failed write as a bare error number (AVERROR(ENOSPC) is -28); the operator
   * needs the reason in words to see that the scratch disk is full.
   */
  private static String osReason(FrameRecorder.Exception e) {
    String message = String.valueOf(e.getMessage());
    return message.contains("error -28") ? " (no space left on device, ENOSPC)" : "";
  }

  /**
   * Flushes the encoder and writes the MP4 index; call once after the last frame.
   *
   * @throws IllegalStateException when the file (one file; segments are checked as they are handed
   *     over) is not whole: JavaCV does not report a failed index write
   */
  void finish() {
    try {
      recorder.stop();
    } catch (FrameRecorder.Exception e) {
      throw new IllegalStateException("finishing " + output + " failed: " + e.getMessage(), e);
    }
    if (!segmented) {
      Mp4Files.requireWhole(output, "the video");
    }
  }

  @Override
  public void close() {
    try {
      recorder.release();
    } catch (FrameRecorder.Exception e) {
      throw new IllegalStateException(
          "releasing the encoder of " + output + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * x264's own parameters of a segmented chunk: scene cuts off (key frames only at the segment
   * cuts), then {@code extra} (RENDEROWL_X264_PARAMS, e.g. {@code rc-lookahead=5}, for measuring
   * memory against speed; null or blank: none).
   */
  static String x264Params(String extra) {
    return extra == null || extra.isBlank() ? "scenecut=0" : "scenecut=0:" + extra.strip();
  }
}
