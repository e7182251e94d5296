package io.renderowl.activities.media;

import java.nio.ShortBuffer;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Encodes a whole mono 16-bit mix to AAC at {@value AudioMixer#SAMPLE_RATE} Hz, 128 kbit/s, in an
 * audio-only MP4 (.m4a). FFmpeg's AAC encoder delays its output by 1024 priming samples; the MP4
 * edit list marks them, so players and demuxers start the audio at 0.
 */
final class AudioTrackEncoder {

  private static final int BLOCK = 4096;

  private AudioTrackEncoder() {}

  /**
   * Writes {@code samples} to {@code output}.
   *
   * @throws IllegalStateException when encoding fails
   */
  static void write(short[] samples, Path output) {
    TimelineRenderer.quietFfmpegLogs();
    FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(output.toFile(), 0, 0, 1);
    recorder.setFormat("mp4");
    recorder.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
    recorder.setSampleRate(AudioMixer.SAMPLE_RATE);
    recorder.setAudioBitrate(128_000);
    short[] block = new short[BLOCK];
    try {
      recorder.start();
      for (int at = 0; at < samples.length; at += BLOCK) {
        int length = Math.min(BLOCK, samples.length - at);
        System.arraycopy(samples, at, block, 0, length);
        recorder.recordSamples(AudioMixer.SAMPLE_RATE, 1, ShortBuffer.wrap(block, 0, length));
      }
      recorder.stop();
    } catch (FrameRecorder.Exception e) {
      throw new IllegalStateException("encoding the audio track " + output + " failed: " + e.getMessage(), e);
    } finally {
      try {
        recorder.release();
      } catch (FrameRecorder.Exception e) {
        // the encode failure, if any, is what matters; a release failure after success is rare
        throw new IllegalStateException("releasing the audio encoder of " + output + " failed: " + e.getMessage(), e);
      }
    }
  }
}
