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
 * must match a conservative pattern before it is passed on. Speech runs at espeak-ng's speed
 * {@value #WORDS_PER_MINUTE} (which the offline script writer sizes scripts for); when a scene's
 * speech comes out more than {@value #PACE_TOLERANCE} off the time the scene has for it, it is
 * spoken again at a speed scaled to fit, between {@value #SLOWEST} and {@value #FASTEST}
 * (espeak-ng's speaking time is close to inversely proportional to its speed). Word timings are
 * estimated from the text (espeak-ng reports none).
 */
public final class EspeakSpeaker implements Speaker {

  /** The provider label stored with each narration. */
  public static final String PROVIDER = "offline:espeak-ng";

  /**
   * espeak-ng's speed setting ({@code -s}). Nominally words per minute; measured with espeak-ng
   * 1.51 and the "en" voice it speaks the offline writer's sentences at about 3 words a second.
   */
  public static final int WORDS_PER_MINUTE = 150;

  /** Slowest speed a scene is slowed to when its text is short for its time. */
  static final int SLOWEST = 130;

  /** Fastest speed a scene is hurried to when its text is long for its time. */
  static final int FASTEST = 190;

  /**
   * How far (as a fraction) speech may miss its time before it is spoken again at another speed.
   */
  static final double PACE_TOLERANCE = 0.03;

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
    return speak(runId, text, voice, dir, 0);
  }

  /**
   * Speaks at {@value #WORDS_PER_MINUTE}, or at a speed that fits {@code seconds} when given (&gt;
   * 0).
   */
  @Override
  public Speech speak(String runId, String text, String voice, Path dir, double seconds) {
    String plain = Ssml.plain(text);
    String spoken = Ssml.forEspeak(text);
    Path file = dir.resolve("speech-" + System.nanoTime() + ".wav");
    Wav wav = synthesize(spoken, voice, file, WORDS_PER_MINUTE);
    int speed = speedFor(wav.durationSeconds(), seconds);
    if (speed != WORDS_PER_MINUTE) {
      wav = synthesize(spoken, voice, file, speed);
    }
    double length = AudioCheck.check(PROVIDER, wav.wav(), plain, 0);
    return new Speech(
        wav.wav(), "audio/wav", "wav", length, WordTimings.estimate(plain, length), "estimate");
  }

  /**
   * The speed at which speech that lasts {@code spokenSeconds} at {@value #WORDS_PER_MINUTE} fits
   * {@code targetSeconds}: unchanged when it already fits within {@value #PACE_TOLERANCE} or no
   * target is given, otherwise scaled and kept between {@value #SLOWEST} and {@value #FASTEST}.
   */
  static int speedFor(double spokenSeconds, double targetSeconds) {
    if (targetSeconds <= 0
        || spokenSeconds <= 0
        || Math.abs(spokenSeconds - targetSeconds) <= PACE_TOLERANCE * targetSeconds) {
      return WORDS_PER_MINUTE;
    }
    long scaled = Math.round(WORDS_PER_MINUTE * spokenSeconds / targetSeconds);
    return (int) Math.max(SLOWEST, Math.min(FASTEST, scaled));
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
    return synthesize(text, voice, wavOut, WORDS_PER_MINUTE);
  }

  /**
   * As {@link #synthesize(String, String, Path)}, at espeak-ng speed {@code speed} ({@code -s}).
   */
  public Wav synthesize(String text, String voice, Path wavOut, int speed) {
    if (speed < 80 || speed > 450) {
      throw new IllegalArgumentException(
          "espeak-ng speed must be between 80 and 450 (got " + speed + ")");
    }
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("text to speak must not be blank");
    }
    if (voice == null || !VOICE.matcher(voice).matches()) {
      throw new IllegalArgumentException(
          "unknown espeak-ng voice '"
              + voice
              + "': a voice name is letters, digits, '-', '_' or '+'"
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
      run(voice, speed, textFile, errorFile, wavOut);
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

  private void run(String voice, int speed, Path textFile, Path errorFile, Path wavOut)
      throws IOException {
    List<String> command =
        List.of(
            executable,
            "-v",
            voice,
            "-s",
            Integer.toString(speed),
            "-w",
            wavOut.toString(),
            "-f",
            textFile.toString());
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(errorFile.toFile())
              .start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "espeak-ng is not installed or not on the PATH ("
              + e.getMessage()
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
            "unknown espeak-ng voice '"
                + voice
                + "': "
                + stderr
                + " (list voices with: espeak-ng --voices)");
      }
      throw new IllegalStateException(
          "espeak-ng failed with exit code " + process.exitValue() + ": " + stderr);
    }
  }

  private static AudioFileFormat readFormat(Path wav) {
    try {
      return AudioSystem.getAudioFileFormat(wav.toFile());
    } catch (UnsupportedAudioFileException | IOException e) {
      throw new IllegalStateException(
          "espeak-ng wrote an unreadable WAV " + wav + ": " + e.getMessage(), e);
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
