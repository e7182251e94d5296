package io.renderowl.activities.voice;

import io.renderowl.workflows.WordTiming;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Word timings: derived from a provider's character alignment where it gives one (ElevenLabs), else
 * estimated.
 *
 * <p>The estimate shares the audio's length among the words in proportion to their syllables
 * (groups of vowels, at least one per word), with a pause weight of half a syllable after a comma
 * and one syllable after a sentence end; a short lead-in and tail of silence (5% each, at most 0.3
 * s) are left out. It is good to a few hundred milliseconds per word for evenly paced speech.
 */
public final class WordTimings {
  private WordTimings() {}

  /**
   * Words from parallel per-character arrays: a word runs from its first character's start to its
   * last character's end; whitespace separates words.
   */
  public static List<WordTiming> fromCharacters(
      List<String> characters, List<Double> starts, List<Double> ends) {
    if (characters.size() != starts.size() || characters.size() != ends.size()) {
      throw new IllegalArgumentException(
          "alignment arrays differ in length: "
              + characters.size()
              + " characters, "
              + starts.size()
              + " starts, "
              + ends.size()
              + " ends");
    }
    List<WordTiming> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    double start = 0;
    double end = 0;
    for (int i = 0; i < characters.size(); i++) {
      String c = characters.get(i);
      if (c.isBlank()) {
        flush(words, word, start, end);
        continue;
      }
      if (word.isEmpty()) {
        start = starts.get(i);
      }
      word.append(c);
      end = Math.max(end, ends.get(i));
    }
    flush(words, word, start, end);
    return words;
  }

  private static void flush(List<WordTiming> words, StringBuilder word, double start, double end) {
    if (!word.isEmpty()) {
      String text = word.toString();
      if (!(text.startsWith("<") && text.endsWith(">"))) {
        words.add(new WordTiming(text, round(start), round(Math.max(start, end))));
      }
      word.setLength(0);
    }
  }

  /**
   * Estimated timings of {@code text} spoken over {@code durationSeconds} (see the class comment).
   */
  public static List<WordTiming> estimate(String text, double durationSeconds) {
    String[] tokens = text.strip().split("\\s+");
    List<String> words = new ArrayList<>();
    for (String t : tokens) {
      if (!t.isBlank()) {
        words.add(t);
      }
    }
    if (words.isEmpty() || durationSeconds <= 0) {
      return List.of();
    }
    double edge = Math.min(0.3, durationSeconds * 0.05);
    double speech = durationSeconds - 2 * edge;
    double[] weight = new double[words.size()];
    double[] pause = new double[words.size()];
    double total = 0;
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      weight[i] = syllables(w);
      pause[i] = w.matches(".*[.!?]$") ? 1.0 : w.matches(".*[,;:]$") ? 0.5 : 0;
      total += weight[i] + (i < words.size() - 1 ? pause[i] : 0);
    }
    double perUnit = speech / total;
    List<WordTiming> out = new ArrayList<>();
    double t = edge;
    for (int i = 0; i < words.size(); i++) {
      double end = t + weight[i] * perUnit;
      out.add(new WordTiming(words.get(i), round(t), round(end)));
      t = end + (i < words.size() - 1 ? pause[i] * perUnit : 0);
    }
    return out;
  }

  /** Vowel groups in a word, at least 1 (digits count one per digit). */
  static int syllables(String word) {
    String w = word.toLowerCase(Locale.ROOT);
    int count = 0;
    boolean inVowel = false;
    for (int i = 0; i < w.length(); i++) {
      char c = w.charAt(i);
      if (Character.isDigit(c)) {
        count++;
        inVowel = false;
        continue;
      }
      boolean vowel = "aeiouyàáâäãåèéêëìíîïòóôöõùúûüæøœ".indexOf(c) >= 0;
      if (vowel && !inVowel) {
        count++;
      }
      inVowel = vowel;
    }
    if (w.endsWith("e") && count > 1 && !w.endsWith("le")) {
      count--;
    }
    return Math.max(1, count);
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
