package io.renderowl.activities.provider;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;

/** Real media bytes for stubbed provider answers. */
public final class TestMedia {
  private TestMedia() {}

  /** A 16-bit mono 24 kHz WAV of a 220 Hz tone. */
  public static byte[] wav(double seconds) {
    int rate = 24_000;
    int n = (int) (seconds * rate);
    byte[] pcm = new byte[n * 2];
    for (int i = 0; i < n; i++) {
      short s = (short) (8000 * Math.sin(2 * Math.PI * 220 * i / rate));
      pcm[2 * i] = (byte) s;
      pcm[2 * i + 1] = (byte) (s >> 8);
    }
    AudioFormat format = new AudioFormat(rate, 16, 1, true, false);
    try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm), format, n)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      AudioSystem.write(in, AudioFileFormat.Type.WAVE, out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An MP3 (44.1 kHz mono, 128 kbit/s) of a tone. */
  public static byte[] mp3(double seconds) {
    try {
      Path file = Files.createTempFile("tone-", ".mp3");
      int rate = 44_100;
      try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), 1)) {
        recorder.setFormat("mp3");
        recorder.setAudioCodec(avcodec.AV_CODEC_ID_MP3);
        recorder.setSampleRate(rate);
        recorder.setAudioBitrate(128_000);
        recorder.start();
        int n = (int) (seconds * rate);
        short[] samples = new short[n];
        for (int i = 0; i < n; i++) {
          samples[i] = (short) (8000 * Math.sin(2 * Math.PI * 220 * i / rate));
        }
        recorder.recordSamples(rate, 1, ShortBuffer.wrap(samples));
        recorder.stop();
      }
      byte[] bytes = Files.readAllBytes(file);
      Files.delete(file);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] png(int width, int height, Color color) {
    return image(width, height, color, "png");
  }

  public static byte[] jpeg(int width, int height, Color color) {
    return image(width, height, color, "jpg");
  }

  private static byte[] image(int width, int height, Color color, String format) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(color);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.WHITE);
    g.fillOval(width / 4, height / 4, width / 2, height / 2);
    g.dispose();
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(image, format, out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
