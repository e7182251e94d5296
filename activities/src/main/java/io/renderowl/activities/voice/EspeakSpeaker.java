package io.renderowl.activities.voice;

import io.renderowl.workflows.Ssml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * The offline voice: speaks text into a WAV file with the espeak-ng command-line synthesizer.
 *
 * <p>The text goes through a temporary file ({@code -f}), never through a shell; the voice name
 * must match a conservative pattern before it is passed on. Speech runs at {@value
 * #WORDS_PER_MINUTE} words per minute, the rate the offline script writer sizes scripts for.
 * Word timings are estimated from the text (espeak-ng reports none).
 */
public final class EspeakSpeaker implements Speaker {

  /** The provider label stored with each narration. */
  public static final String PROVIDER = "offline:espeak-ng";

  /** espeak-ng speed ({@code -s}); 2.5 words per second. */
  public static final int WORDS_PER_MINUTE = 150;

  /** Language or voice names such as "en", "en-us", "en-gb-x-rp" or "en+f3". */
  private static final Pattern VOICE = Pattern.compile("[A-Za-z][A-Za-z0-9_+-]{0,39}");

  private final String executable;
  private final Duration timeout;

  /** A speaker running {@code espeak-ng} from the PATH with a 60 s limit per call. */
  public EspeakSpeaker() {
    this("espeak-ng", Duration.ofSeconds(60));
  }

  /**
   * @param executable the espeak-ng program, a name looked up on the PATH or a path
   * @param timeout how long one call may run before it is killed
   */
  public EspeakSpeaker(String executable, Duration timeout) {
    this.executable = executable;
    this.timeout = timeout;
  }

  @Override
  public String provider() {
    return PROVIDER;
  }

  @Override
  public Speech speak(String runId, String text, String voice, Path dir) {
    String plain = Ssml.plain(text);
    Wav wav = synthesize(Ssml.forEspeak(text), voice, dir.resolve("speech-" + System.nanoTime() + ".wav"));
    double seconds = AudioCheck.check(PROVIDER, wav.wav(), plain, 0);
    return new Speech(wav.wav(), "audio/wav", "wav", seconds, WordTimings.estimate(plain, seconds), "estimate");
  }

  @Override
  public List<Voice> voices() {
    return List.of(
        new Voice("en", "English (espeak-ng)", PROVIDER, "en", ""),
        new Voice("en-us", "English US (espeak-ng)", PROVIDER, "en-US", ""),
        new Voice("de", "German (espeak-ng)", PROVIDER, "de", ""),
        new Voice("fr", "French (espeak-ng)", PROVIDER, "fr", ""),
        new Voice("es", "Spanish (espeak-ng)", PROVIDER, "es", ""),
        new Voice("pt-br", "Portuguese BR (espeak-ng)", PROVIDER, "pt-BR", ""));
  }

  /**
   * The WAV espeak-ng wrote.
   *
   * @param wav the file
   * @param durationSeconds its length, from the WAV header
   * @param sampleRate samples per second (espeak-ng: 22050)
   */
  public record Wav(Path wav, double durationSeconds, int sampleRate) {}

  /**
   * Speaks {@code text} with {@code voice} into {@code wavOut}, replacing it.
   *
   * @throws IllegalArgumentException when the text is blank or the voice is not a valid or known
   *     espeak-ng voice
   * @throws IllegalStateException when espeak-ng is not installed, fails, or runs past the timeout
   */
  public Wav synthesize(String text, String voice, Path wavOut) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("text to speak must not be blank");
    }
    if (voice == null || !VOICE.matcher(voice).matches()) {
      throw new IllegalArgumentException(
          "unknown espeak-ng voice '" + voice + "': a voice name is letters, digits, '-', '_' or '+'"
              + " (e.g. en, en-us, en+f3)");
    }
    Path textFile = null;
    Path errorFile = null;
    try {
      textFile = Files.createTempFile("espeak-text-", ".txt");
      errorFile = Files.createTempFile("espeak-stderr-", ".txt");
      Files.writeString(textFile, text, StandardCharsets.UTF_8);
      Path parent = wavOut.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      run(voice, textFile, errorFile, wavOut);
      AudioFileFormat format = readFormat(wavOut);
      float rate = format.getFormat().getFrameRate();
      return new Wav(wavOut, format.getFrameLength() / (double) rate, Math.round(rate));
    } catch (IOException e) {
      throw new UncheckedIOException("espeak-ng temporary files failed: " + e.getMessage(), e);
    } finally {
      deleteQuietly(textFile);
      deleteQuietly(errorFile);
    }
  }

  private void run(String voice, Path textFile, Path errorFile, Path wavOut) throws IOException {
    List<String> command =
        List.of(executable, "-v", voice, "-s", Integer.toString(WORDS_PER_MINUTE),
            "-w", wavOut.toString(), "-f", textFile.toString());
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(errorFile.toFile())
              .start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "espeak-ng is not installed or not on the PATH (" + e.getMessage()
              + "); install it with: apt-get install espeak-ng",
          e);
    }
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("espeak-ng did not finish within " + timeout + "; killed");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for espeak-ng", e);
    }
    String stderr = Files.readString(errorFile, StandardCharsets.UTF_8).strip();
    if (process.exitValue() != 0) {
      if (stderr.contains("voice does not exist")) {
        throw new IllegalArgumentException(
            "unknown espeak-ng voice '" + voice + "': " + stderr + " (list voices with: espeak-ng --voices)");
      }
      throw new IllegalStateException(
          "espeak-ng failed with exit code " + process.exitValue() + ": " + stderr);
    }
  }

  private static AudioFileFormat readFormat(Path wav) {
    try {
      return AudioSystem.getAudioFileFormat(wav.toFile());
    } catch (UnsupportedAudioFileException | IOException e) {
      throw new IllegalStateException("espeak-ng wrote an unreadable WAV " + wav + ": " + e.getMessage(), e);
    }
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // A leftover temporary file is harmless; the speech result is what matters.
      }
    }
  }
}
