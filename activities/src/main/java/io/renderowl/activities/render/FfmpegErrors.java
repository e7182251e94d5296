package io.renderowl.activities.render;

import org.bytedeco.ffmpeg.global.avutil;

/** FFmpeg's negative error codes as words. */
final class FfmpegErrors {

  private FfmpegErrors() {}

  static String describe(int code) {
    byte[] text = new byte[256];
    avutil.av_strerror(code, text, text.length);
    int length = 0;
    while (length < text.length && text[length] != 0) {
      length++;
    }
    return new String(text, 0, length, java.nio.charset.StandardCharsets.UTF_8) + " (" + code + ")";
  }
}
