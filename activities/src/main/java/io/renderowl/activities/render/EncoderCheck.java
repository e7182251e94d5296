package io.renderowl.activities.render;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * Whether this machine can encode with a codec, found by actually opening a small encoder (a codec
 * compiled into FFmpeg may still fail to open: h264_nvenc without an NVIDIA driver fails with
 * "Cannot load libcuda.so.1").
 *
 * @param codec the encoder name asked about, e.g. "h264_nvenc"
 * @param available true when an encoder context opened
 * @param reason why it is not available; "" when it is
 */
public record EncoderCheck(String codec, boolean available, String reason) {

  private static final int PROBE_WIDTH = 256;
  private static final int PROBE_HEIGHT = 256;

  /**
   * Opens and closes a {@value #PROBE_WIDTH}x{@value #PROBE_HEIGHT} yuv420p encoder context for
   * {@code codec}; never throws for an unusable codec, it reports why instead. Takes a few
   * milliseconds (nvenc: up to a second on a GPU machine).
   */
  public static EncoderCheck probe(String codec) {
    TimelineRenderer.quietFfmpegLogs();
    AVCodec encoder = avcodec_find_encoder_by_name(codec);
    if (encoder == null) {
      return new EncoderCheck(
          codec, false, "the bundled FFmpeg has no encoder named '" + codec + "'");
    }
    AVCodecContext context = avcodec_alloc_context3(encoder);
    if (context == null) {
      return new EncoderCheck(
          codec, false, "cannot allocate an encoder context for '" + codec + "'");
    }
    try {
      context.width(PROBE_WIDTH);
      context.height(PROBE_HEIGHT);
      context.pix_fmt(avutil.AV_PIX_FMT_YUV420P);
      context.time_base(new AVRational().num(1).den(30));
      context.framerate(new AVRational().num(30).den(1));
      int result = avcodec_open2(context, encoder, (AVDictionary) null);
      if (result < 0) {
        String hint =
            codec.contains("nvenc") ? " (nvenc needs an NVIDIA GPU and driver: libcuda.so.1)" : "";
        return new EncoderCheck(
            codec,
            false,
            "opening '" + codec + "' failed: " + FfmpegErrors.describe(result) + hint);
      }
      return new EncoderCheck(codec, true, "");
    } finally {
      avcodec_free_context(context);
    }
  }
}
