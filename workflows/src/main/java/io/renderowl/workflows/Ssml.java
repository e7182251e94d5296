package io.renderowl.workflows;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The small SSML subset narration text may carry (the seed's {@code lib/ssml.ts}): {@code <break
 * time="500ms"/>}, {@code <emphasis>...</emphasis>} and {@code <prosody rate="slow|fast|x%">...
 * </prosody>}. Captions show {@link #plain(String)}; each voice provider gets its own mapping:
 *
 * <ul>
 *   <li>ElevenLabs: {@code <break time="0.5s" />} kept in the text (ElevenLabs reads break tags),
 *       emphasis as plain words, the rate as {@code voice_settings.speed} (0.7-1.2);
 *   <li>OpenAI TTS: breaks as an ellipsis pause, emphasis as plain words, the rate as {@code speed}
 *       (0.25-4.0);
 *   <li>espeak-ng: plain text (breaks as commas or full stops), rate as words per minute.
 * </ul>
 */
public final class Ssml {
  private static final Pattern BREAK =
      Pattern.compile(
          "<break\\s+time\\s*=\\s*\"([0-9.]+)\\s*(ms|s)\"\\s*/?>", Pattern.CASE_INSENSITIVE);
  private static final Pattern PROSODY =
      Pattern.compile("<prosody\\s+rate\\s*=\\s*\"([^\"]+)\"\\s*>", Pattern.CASE_INSENSITIVE);
  private static final Pattern ANY_TAG =
      Pattern.compile("</?(speak|emphasis|prosody|break)[^>]*>", Pattern.CASE_INSENSITIVE);

  /**
   * Parsed narration.
   *
   * @param plain the words without markup (captions)
   * @param rate speaking rate factor (1.0 = normal), from the first prosody tag
   * @param breaks pause lengths in seconds, in order
   */
  public record Parsed(String plain, double rate, List<Double> breaks) {}

  private Ssml() {}

  public static Parsed parse(String text) {
    double rate = 1.0;
    Matcher p = PROSODY.matcher(text);
    if (p.find()) {
      rate = rate(p.group(1));
    }
    List<Double> breaks = new ArrayList<>();
    Matcher b = BREAK.matcher(text);
    while (b.find()) {
      breaks.add(seconds(b));
    }
    return new Parsed(plain(text), rate, breaks);
  }

  /** The text without any markup, whitespace collapsed. */
  public static String plain(String text) {
    return ANY_TAG
        .matcher(text)
        .replaceAll(" ")
        .replaceAll("\\s+", " ")
        .replaceAll(" ([,.!?;:])", "$1")
        .strip();
  }

  /** ElevenLabs: break tags normalised to seconds, other tags removed. */
  public static String forElevenLabs(String text) {
    Matcher b = BREAK.matcher(text);
    StringBuilder out = new StringBuilder();
    while (b.find()) {
      b.appendReplacement(
          out,
          Matcher.quoteReplacement(
              String.format(Locale.ROOT, " <break time=\"%.1fs\" /> ", Math.min(3.0, seconds(b)))));
    }
    b.appendTail(out);
    return Pattern.compile("</?(speak|emphasis|prosody)[^>]*>", Pattern.CASE_INSENSITIVE)
        .matcher(out)
        .replaceAll(" ")
        .replaceAll("\\s+", " ")
        .replaceAll(" ([,.!?;:])", "$1")
        .strip();
  }

  /** OpenAI TTS (no SSML): breaks become an ellipsis pause. */
  public static String forOpenAi(String text) {
    return plain(BREAK.matcher(text).replaceAll(" ... "));
  }

  /** espeak-ng plain text: long breaks end a sentence, short ones are commas. */
  public static String forEspeak(String text) {
    Matcher b = BREAK.matcher(text);
    StringBuilder out = new StringBuilder();
    while (b.find()) {
      b.appendReplacement(out, seconds(b) >= 0.7 ? ". " : ", ");
    }
    b.appendTail(out);
    return plain(out.toString());
  }

  private static double seconds(Matcher b) {
    double v = Double.parseDouble(b.group(1));
    return b.group(2).equalsIgnoreCase("ms") ? v / 1000 : v;
  }

  public static double rate(String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "x-slow" -> 0.6;
      case "slow" -> 0.8;
      case "medium", "default" -> 1.0;
      case "fast" -> 1.2;
      case "x-fast" -> 1.4;
      default -> {
        try {
          yield v.endsWith("%")
              ? Double.parseDouble(v.substring(0, v.length() - 1)) / 100.0
              : Double.parseDouble(v);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "prosody rate '"
                  + value
                  + "' is not x-slow, slow, medium, fast, x-fast or a percentage");
        }
      }
    };
  }
}
