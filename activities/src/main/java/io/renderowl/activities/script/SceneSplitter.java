package io.renderowl.activities.script;

import io.renderowl.workflows.Scene;
import io.renderowl.workflows.Script;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Groups a script's sentences into scenes of one or two sentences, spread evenly: about one scene
 * per {@value #SECONDS_PER_SCENE} seconds of the target, at least {@value #MIN_SCENES} when the
 * script has that many sentences. Each scene gets a short visual prompt made of its key words,
 * those shared with the title first, and its share of the target duration: the narration margin
 * ({@link Scene#NARRATION_MARGIN_SECONDS}) plus a part of the rest proportional to how long its
 * text takes to speak, so that every scene is spoken at the same pace.
 */
public final class SceneSplitter {

  /** Fewest scenes a script of that many sentences is split into. */
  public static final int MIN_SCENES = 3;

  /** About how long one scene lasts: a new picture every few seconds. */
  public static final int SECONDS_PER_SCENE = 6;

  private static final int PROMPT_WORDS = 6;

  private static final Set<String> STOP_WORDS =
      Set.of(
          "a", "about", "all", "also", "and", "are", "as", "at", "be", "behind", "but", "by", "can",
          "come", "comes", "each", "easy", "for", "from", "fun", "going", "good", "has", "have",
          "here", "how", "if", "in", "into", "is", "it", "its", "just", "let", "look", "made",
          "many", "may", "more", "most", "much", "next", "not", "now", "of", "on", "one", "only",
          "or", "our", "out", "really", "see", "seems", "so", "than", "that", "the", "their",
          "them", "then", "there", "these", "they", "thing", "think", "this", "those", "through",
          "time", "to", "turn", "up", "us", "use", "very", "was", "way", "ways", "we", "were",
          "what", "when", "where", "which", "while", "who", "why", "will", "with", "worth", "you",
          "your");

  /**
   * Splits {@code script} into scenes.
   *
   * @param script the script; must have at least one sentence
   * @param targetSeconds the video length the scenes share, &gt; 0
   * @return scenes in order, indexed from 0, whose durations add up to {@code targetSeconds}
   * @throws IllegalArgumentException when the script is empty or the duration not positive
   */
  public List<Scene> split(Script script, int targetSeconds) {
    List<String> sentences = script.sentences();
    if (sentences.isEmpty()) {
      throw new IllegalArgumentException("script '" + script.title() + "' has no sentences");
    }
    if (targetSeconds <= 0) {
      throw new IllegalArgumentException(
          "targetSeconds must be positive (got " + targetSeconds + ")");
    }
    int count = sentences.size();
    int sceneCount = sceneCount(count, targetSeconds);
    List<String> texts = new ArrayList<>(sceneCount);
    for (int i = 0; i < sceneCount; i++) {
      texts.add(
          String.join(
              " ", sentences.subList(i * count / sceneCount, (i + 1) * count / sceneCount)));
    }
    double totalWeight = texts.stream().mapToDouble(SceneSplitter::weight).sum();
    // Each scene's narration margin first, then the speech time shared by speaking time; a target
    // too short for the margins is shared by speaking time alone.
    double margin = Scene.NARRATION_MARGIN_SECONDS;
    double speech = targetSeconds - sceneCount * margin;
    if (speech < sceneCount) {
      margin = 0;
      speech = targetSeconds;
    }
    Set<String> titleWords = keyWords(script.title());
    List<Scene> scenes = new ArrayList<>(sceneCount);
    for (int i = 0; i < sceneCount; i++) {
      String text = texts.get(i);
      double seconds = margin + speech * weight(text) / totalWeight;
      scenes.add(new Scene(i, text, visualPrompt(text, titleWords), seconds));
    }
    return scenes;
  }

  /**
   * How many scenes {@code sentences} sentences make for a video of {@code targetSeconds}: about
   * one per {@value #SECONDS_PER_SCENE} seconds, but each scene has one or two sentences and there
   * are at least {@value #MIN_SCENES} when there are that many sentences.
   */
  public static int sceneCount(int sentences, int targetSeconds) {
    int fewest = Math.max(Math.min(MIN_SCENES, sentences), (sentences + 1) / 2);
    int wanted = (int) Math.round(targetSeconds / (double) SECONDS_PER_SCENE);
    return Math.max(fewest, Math.min(sentences, wanted));
  }

  /** Estimated speaking time, at least a little so that a scene of punctuation still gets some. */
  private static double weight(String text) {
    return Math.max(0.1, SpeakingTime.of(text));
  }

  /** Up to {@value #PROMPT_WORDS} key words, title words first: "illustration: coffee, origins". */
  private static String visualPrompt(String text, Set<String> titleWords) {
    Set<String> words = keyWords(text);
    Set<String> chosen = new LinkedHashSet<>();
    words.stream().filter(titleWords::contains).forEach(chosen::add);
    chosen.addAll(words);
    List<String> prompt = chosen.stream().limit(PROMPT_WORDS).toList();
    return prompt.isEmpty()
        ? "abstract illustration"
        : "illustration: " + String.join(", ", prompt);
  }

  /** Distinct lower-case words longer than two letters that are not stop words, in order. */
  private static Set<String> keyWords(String text) {
    Set<String> words = new LinkedHashSet<>();
    for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (word.length() > 2 && !STOP_WORDS.contains(word)) {
        words.add(word);
      }
    }
    return words;
  }
}
