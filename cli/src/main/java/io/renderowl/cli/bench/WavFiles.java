package io.renderowl.cli.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/** Reads and writes 16-bit mono PCM WAV files. */
final class WavFiles {

  private WavFiles() {}

  /** Mono 16-bit samples and their rate. */
  record Pcm(short[] samples, int sampleRate) {}

  static Pcm read(Path wav) {
    try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
      AudioFormat format = in.getFormat();
      if (format.getChannels() != 1 || format.getSampleSizeInBits() != 16) {
        throw new IllegalArgumentException(wav + " is not 16-bit mono (got " + format + ")");
      }
      AudioInputStream pcm =
          AudioSystem.getAudioInputStream(
              new AudioFormat(format.getSampleRate(), 16, 1, true, false), in);
      byte[] bytes = pcm.readAllBytes();
      short[] samples = new short[bytes.length / 2];
      for (int i = 0; i < samples.length; i++) {
        samples[i] = (short) ((bytes[2 * i] & 0xff) | (bytes[2 * i + 1] << 8));
      }
      return new Pcm(samples, Math.round(format.getSampleRate()));
    } catch (UnsupportedAudioFileException e) {
      throw new IllegalArgumentException(wav + " is not a WAV file: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + wav + ": " + e.getMessage(), e);
    }
  }

  static void write(short[] samples, int sampleRate, Path wav) {
    byte[] bytes = new byte[samples.length * 2];
    for (int i = 0; i < samples.length; i++) {
      bytes[2 * i] = (byte) samples[i];
      bytes[2 * i + 1] = (byte) (samples[i] >> 8);
    }
    AudioFormat format = new AudioFormat(sampleRate, 16, 1, true, false);
    try (AudioInputStream in =
        new AudioInputStream(new ByteArrayInputStream(bytes), format, samples.length)) {
      AudioSystem.write(in, AudioFileFormat.Type.WAVE, wav.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + wav + ": " + e.getMessage(), e);
    }
  }
}
