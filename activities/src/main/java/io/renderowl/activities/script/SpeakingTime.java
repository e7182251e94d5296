package io.renderowl.activities.script;

/**
 * How long the offline voice (espeak-ng at its default speed 150) takes to say a text, estimated
 * from its length: {@value #SECONDS_PER_CHARACTER} s per character plus {@value
 * #SECONDS_PER_SENTENCE} s per sentence for the pause after it.
 *
 * <p>Fitted on the offline writer's sentences with five topics of 1 to 6 words, each spoken alone
 * and in pairs by espeak-ng 1.51's "en" voice: 3.8% mean and 15% worst error for one scene; about 3
 * words a second, not the 2.5 the speed setting suggests. The voice stage then corrects what is
 * left by adapting espeak-ng's speed to each scene's time.
 */
final class SpeakingTime {

  /** Seconds per character, spaces and punctuation included. */
  static final double SECONDS_PER_CHARACTER = 0.0558;

  /** Seconds per sentence: the pause after it and the silence around one espeak-ng call. */
  static final double SECONDS_PER_SENTENCE = 0.685;

  /**
   * How much faster and slower than its default speed the voice stage may speak a scene to fit it
   * (espeak-ng speeds 190 and 130 against 150).
   */
  static final double FASTEST = 190.0 / 150;

  static final double SLOWEST = 130.0 / 150;

  private SpeakingTime() {}

  /**
   * How many seconds {@code text} misses {@code seconds} of speech by even when the voice speeds up
   * or slows down as far as it may; 0 when it can fit.
   */
  static double paceMiss(String text, double seconds) {
    double natural = of(text);
    double fastest = natural / FASTEST;
    double slowest = natural / SLOWEST;
    return seconds < fastest ? fastest - seconds : seconds > slowest ? seconds - slowest : 0;
  }

  /** Estimated seconds of speech for {@code text}. */
  static double of(String text) {
    String trimmed = text.strip();
    if (trimmed.isEmpty()) {
      return 0;
    }
    return trimmed.length() * SECONDS_PER_CHARACTER + sentences(trimmed) * SECONDS_PER_SENTENCE;
  }

  private static int sentences(String text) {
    return text.split("(?<=[.!?])\\s+").length;
  }
}
