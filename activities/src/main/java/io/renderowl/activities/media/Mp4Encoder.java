package io.renderowl.activities.media;

import java.awt.image.BufferedImage;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Writes an MP4: H.264 (libx264, preset veryfast, crf 23, yuv420p, a key frame every 2 s,
 * faststart) and mono AAC at {@value AudioMixer#SAMPLE_RATE} Hz, 128 kbit/s. Video frames come
 * from one reused BGR image; audio comes in blocks of 16-bit samples between them.
 */
final class Mp4Encoder implements AutoCloseable {

  private static final int AUDIO_BLOCK = 4096;

  private final FFmpegFrameRecorder recorder;
  private final Java2DFrameConverter converter = new Java2DFrameConverter();
  private final short[] audioBlock = new short[AUDIO_BLOCK];
  private final Path output;

  private Mp4Encoder(FFmpegFrameRecorder recorder, Path output) {
    this.recorder = recorder;
    this.output = output;
  }

  /**
   * Opens {@code output} for writing.
   *
   * @throws IllegalStateException when the bundled FFmpeg has no libx264 or the file cannot be
   *     opened
   */
  static Mp4Encoder open(Path output, int width, int height, int fps) {
    if (avcodec.avcodec_find_encoder_by_name("libx264") == null) {
      throw new IllegalStateException(
          "the bundled FFmpeg has no libx264 encoder: depend on org.bytedeco:ffmpeg with the"
              + " linux-x86_64-gpl classifier (the LGPL build silently falls back to libopenh264)");
    }
    FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(output.toFile(), width, height, 1);
    recorder.setFormat("mp4");
    recorder.setVideoCodecName("libx264");
    recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
    recorder.setFrameRate(fps);
    recorder.setGopSize(2 * fps);
    recorder.setVideoBitrate(0);
    recorder.setVideoOption("preset", "veryfast");
    recorder.setVideoOption("crf", "23");
    recorder.setOption("movflags", "+faststart");
    recorder.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
    recorder.setSampleRate(AudioMixer.SAMPLE_RATE);
    recorder.setAudioBitrate(128_000);
    try {
      recorder.start();
    } catch (FrameRecorder.Exception e) {
      IllegalStateException failure =
          new IllegalStateException("cannot start the MP4 encoder for " + output + ": " + e.getMessage(), e);
      try {
        recorder.release();
      } catch (FrameRecorder.Exception releaseFailure) {
        failure.addSuppressed(releaseFailure);
      }
      throw failure;
    }
    return new Mp4Encoder(recorder, output);
  }

  /** Encodes {@code image} as the next video frame. */
  void writeVideo(BufferedImage image) {
    try {
      recorder.record(converter.convert(image));
    } catch (FrameRecorder.Exception e) {
      throw new IllegalStateException("encoding a video frame of " + output + " failed: " + e.getMessage(), e);
    }
  }

  /** Encodes {@code samples[from, to)} as the next mono audio samples. */
  void writeAudio(short[] samples, int from, int to) {
    try {
      for (int at = from; at < to; at += AUDIO_BLOCK) {
        int length = Math.min(AUDIO_BLOCK, to - at);
        System.arraycopy(samples, at, audioBlock, 0, length);
        recorder.recordSamples(AudioMixer.SAMPLE_RATE, 1, ShortBuffer.wrap(audioBlock, 0, length));
      }
    } catch (FrameRecorder.Exception e) {
      throw new IllegalStateException("encoding audio of " + output + " failed: " + e.getMessage(), e);
    }
  }

  /** Flushes the encoders and writes the MP4 index; call once after the last frame. */
  void finish() {
    try {
      recorder.stop();
    } catch (FrameRecorder.Exception e) {
      throw new IllegalStateException("finishing " + output + " failed: " + e.getMessage(), e);
    }
  }

  /** Releases the encoder's native resources (after {@link #finish} or on failure). */
  @Override
  public void close() {
    try {
      recorder.release();
    } catch (FrameRecorder.Exception e) {
      throw new IllegalStateException("releasing the encoder of " + output + " failed: " + e.getMessage(), e);
    } finally {
      converter.close();
    }
  }
}
