package io.renderowl.activities.script;

import io.renderowl.workflows.Scene;
import io.renderowl.workflows.Script;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Writes a narration script about a topic without any model: sentence templates, picked in an order
 * seeded by the topic, sized so that the video comes out at the requested length: the estimated
 * speaking time of the offline voice ({@link SpeakingTime}) plus the pause around each scene's
 * narration ({@link Scene#NARRATION_MARGIN_SECONDS}, for as many scenes as {@link SceneSplitter}
 * will make) is as close to the target as whole sentences allow. Where the next sentence would
 * overshoot, one of the few after it that fits better is taken instead.
 *
 * <p>The same topic and duration always give the same script. Every sentence names the topic,
 * except in the shortest scripts: where three sentences naming a long topic would take longer than
 * the target even spoken fast, the opening is the shortest one and the other two are brief
 * sentences that do not repeat the topic.
 */
public final class DeterministicScriptWriter {

  /** The provider label stored with the script. */
  public static final String PROVIDER = "offline:deterministic-script";

  /** Fewest sentences in a script: an opening, one body sentence and a closing, three scenes. */
  public static final int MIN_SENTENCES = 3;

  /** How many upcoming body sentences are tried for the last one, to end close to the target. */
  private static final int LAST_SENTENCE_CHOICES = 4;

  private static final String TOPIC = "{t}";
  private static final String ANGLE = "{a}";

  private static final List<String> TITLES =
      List.of("{t}, Explained", "The Story of {t}", "Understanding {t}", "{t} in Plain Words");

  private static final List<String> OPENINGS =
      List.of(
          "Here is a quick tour of {t} in plain words.",
          "Let us take a closer look at {t}.",
          "Let us find out what is really going on with {t}.",
          "In the next few moments, we will explore {t}.");

  private static final List<String> CLOSINGS =
      List.of(
          "That is {t} in a nutshell: simple on the surface, rich underneath.",
          "Next time the topic of {t} comes up, you will see it with fresh eyes.",
          "There is always more to learn about {t}, and that is the fun of it.");

  /** Body sentences for the shortest scripts, where a long topic said three times is too long. */
  private static final List<String> BRIEF_BODIES =
      List.of(
          "There is more to it than meets the eye.",
          "The details are more surprising than they look.",
          "Small details explain a lot here.");

  /** Closings for the shortest scripts. */
  private static final List<String> BRIEF_CLOSINGS =
      List.of(
          "Now you know the short version.",
          "That is the story in a nutshell.",
          "Keep that in mind next time.");

  private static final List<String> OBSERVATIONS =
      List.of(
          "At first glance, the subject of {t} seems simple, but there is more going on.",
          "People have been curious about {t} for a long time.",
          "One way to understand {t} is to look at where it comes from.",
          "A small detail about {t} can change how you see the whole picture.",
          "The history of {t} is full of surprises.",
          "Today, the influence of {t} reaches into everyday life in ways that are easy to miss.",
          "Think of {t} as a system of parts that depend on each other.",
          "Many common beliefs about {t} turn out to be only half true.",
          "If you remember one thing about {t}, remember that the story is still being written.",
          "Experts still debate the finer points of {t}.",
          "To see {t} clearly, compare it with something familiar.",
          "The future of {t} depends on choices being made right now.",
          "Every example of {t} tells a slightly different story.",
          "Learning about {t} is easier when you take it one step at a time.",
          "Behind {t} there is a chain of causes worth following.",
          "Numbers help, but the real story of {t} is about people.");

  private static final List<String> ANGLES =
      List.of(
          "the origins of {t}",
          "the people behind {t}",
          "the science behind {t}",
          "the everyday uses of {t}",
          "the common myths about {t}",
          "the numbers behind {t}",
          "the open questions about {t}",
          "the turning points in the story of {t}",
          "the tools used to study {t}",
          "the hidden costs of {t}",
          "the surprising benefits of {t}",
          "the words experts use for {t}",
          "how the picture of {t} differs from place to place",
          "the biggest misunderstandings about {t}",
          "the quiet role of {t} in daily life",
          "what the next ten years may bring for {t}");

  private static final List<String> ANGLE_FRAMES =
      List.of(
          "Let us look at {a}.",
          "Next, consider {a}.",
          "It helps to think about {a}.",
          "A good question to ask is what we know about {a}.",
          "Few people stop to think about {a}.",
          "There is a lot to say about {a}.",
          "Researchers keep returning to {a}.",
          "Now turn your attention to {a}.",
          "Much of the story lies in {a}.",
          "It is worth pausing on {a}.",
          "Consider, for a moment, {a}.",
          "Then there is {a}.");

  /**
   * Writes a script about {@code topic} that takes about {@code targetSeconds} to speak.
   *
   * @param topic what the video is about; must not be blank
   * @param targetSeconds requested video length, &gt; 0
   * @return a script of at least {@value #MIN_SENTENCES} sentences, each naming the topic, whose
   *     narration fills about {@code targetSeconds} of video
   * @throws IllegalArgumentException when the topic is blank or the duration not positive
   */
  public Script write(String topic, int targetSeconds) {
    String subject = cleanTopic(topic);
    if (targetSeconds <= 0) {
      throw new IllegalArgumentException(
          "targetSeconds must be positive (got " + targetSeconds + ")");
    }
    Random random = new Random(seedOf(subject));
    String title = fill(pick(TITLES, random), titleCase(subject));
    List<String> body = bodySentences(subject, random);
    String opening = fill(pick(OPENINGS, random), subject);
    String closing = fill(pick(CLOSINGS, random), subject);

    // Body sentences go between the opening and the closing, in the seeded order while they fit.
    List<String> sentences = new ArrayList<>(List.of(opening));
    List<String> remaining = new ArrayList<>(body);
    while (!remaining.isEmpty()) {
      double without = videoSeconds(sentences, closing, targetSeconds);
      boolean needed = sentences.size() + 1 < MIN_SENTENCES;
      if (without >= targetSeconds && !needed) {
        break;
      }
      int best = -1;
      double bestMiss = needed ? Double.MAX_VALUE : targetSeconds - without;
      for (int c = 0; c < Math.min(LAST_SENTENCE_CHOICES, remaining.size()); c++) {
        sentences.add(remaining.get(c));
        double with = videoSeconds(sentences, closing, targetSeconds);
        sentences.removeLast();
        if (with <= targetSeconds) {
          best = c;
          break;
        }
        if (with - targetSeconds < bestMiss) {
          best = c;
          bestMiss = with - targetSeconds;
        }
      }
      if (best < 0) {
        break;
      }
      sentences.add(remaining.remove(best));
    }
    sentences.add(closing);
    if (sentences.size() == MIN_SENTENCES
        && videoSeconds(sentences.subList(0, 2), closing, targetSeconds) > targetSeconds) {
      String shortestOpening =
          OPENINGS.stream()
              .map(o -> fill(o, subject))
              .min(java.util.Comparator.comparingInt(String::length))
              .orElseThrow();
      List<String> brief =
          List.of(shortestOpening, pick(BRIEF_BODIES, random), pick(BRIEF_CLOSINGS, random));
      double room = targetSeconds - MIN_SENTENCES * Scene.NARRATION_MARGIN_SECONDS;
      if (SpeakingTime.paceMiss(String.join(" ", brief), room)
          < SpeakingTime.paceMiss(String.join(" ", sentences), room)) {
        sentences = new ArrayList<>(brief);
      }
    }
    return new Script(title, sentences, PROVIDER);
  }

  /** Estimated video length of the sentences followed by the closing, split into scenes. */
  private static double videoSeconds(List<String> sentences, String closing, int targetSeconds) {
    double speech = SpeakingTime.of(closing);
    for (String sentence : sentences) {
      speech += SpeakingTime.of(sentence);
    }
    int scenes = SceneSplitter.sceneCount(sentences.size() + 1, targetSeconds);
    return speech + scenes * Scene.NARRATION_MARGIN_SECONDS;
  }

  /** Observations and angle sentences, shuffled by the seed and interleaved one for one. */
  private static List<String> bodySentences(String subject, Random random) {
    List<String> observations = new ArrayList<>(OBSERVATIONS);
    Collections.shuffle(observations, random);
    List<String> angles = new ArrayList<>(ANGLES);
    Collections.shuffle(angles, random);
    List<String> frames = new ArrayList<>(ANGLE_FRAMES);
    Collections.shuffle(frames, random);

    // Pair angle i with frame (i + i / angles) so that all angle x frame pairs come up once.
    int pairs = angles.size() * frames.size();
    List<String> body = new ArrayList<>(pairs + observations.size());
    for (int i = 0; i < pairs; i++) {
      if (i < observations.size()) {
        body.add(fill(observations.get(i), subject));
      }
      String angle = angles.get(i % angles.size());
      String frame = frames.get((i + i / angles.size()) % frames.size());
      body.add(fill(frame.replace(ANGLE, angle), subject));
    }
    return body;
  }

  private static String cleanTopic(String topic) {
    String cleaned =
        topic == null ? "" : topic.strip().replaceAll("\\s+", " ").replaceAll("[.!?;:,]+$", "");
    if (cleaned.isEmpty()) {
      throw new IllegalArgumentException("topic must not be blank");
    }
    return cleaned;
  }

  /** A seed that depends only on the topic's words, not on its case or spacing. */
  private static long seedOf(String subject) {
    return subject.toLowerCase(Locale.ROOT).hashCode() * 0x9E3779B97F4A7C15L;
  }

  private static String pick(List<String> choices, Random random) {
    return choices.get(random.nextInt(choices.size()));
  }

  /**
   * Puts the topic into a template: capitalised where it starts the sentence, and with a leading
   * function word lowercased mid-sentence ("with how bees..." rather than "with How bees...").
   */
  private static String fill(String template, String subject) {
    String midSentence = subject;
    String first = subject.split(" ", 2)[0];
    if (LOWERCASE_MID_SENTENCE.contains(first.toLowerCase(java.util.Locale.ROOT))) {
      midSentence = Character.toLowerCase(subject.charAt(0)) + subject.substring(1);
    }
    String atStart = Character.toUpperCase(subject.charAt(0)) + subject.substring(1);
    String filled =
        template.startsWith(TOPIC) ? atStart + template.substring(TOPIC.length()) : template;
    return filled.replace(TOPIC, midSentence);
  }

  private static final java.util.Set<String> LOWERCASE_MID_SENTENCE =
      java.util.Set.of(
          "how", "why", "what", "when", "where", "who", "which", "the", "a", "an", "is", "are",
          "do", "does", "can", "should", "our", "my", "your", "top", "best", "ten", "five",
          "three");

  private static String titleCase(String subject) {
    StringBuilder title = new StringBuilder(subject.length());
    for (String word : subject.split(" ")) {
      if (!title.isEmpty()) {
        title.append(' ');
      }
      title.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
    }
    return title.toString();
  }

  static int wordCount(String text) {
    String trimmed = text.strip();
    return trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
  }
}
