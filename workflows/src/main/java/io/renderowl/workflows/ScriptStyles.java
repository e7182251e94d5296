package io.renderowl.workflows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The script styles (the seed's {@code GET /ai/script-styles}): what each asks of the writer and
 * its default tone.
 */
public final class ScriptStyles {

  /**
   * One style.
   *
   * @param id the value of PipelineRequest.style
   * @param name shown to users
   * @param description what the script will be like
   * @param defaultTone the tone used when none is given
   * @param guidance the instruction given to the model
   * @param musicMood the music library folder that suits it
   */
  public record Style(
      String id,
      String name,
      String description,
      String defaultTone,
      String guidance,
      String musicMood) {}

  private static final Map<String, Style> STYLES = new LinkedHashMap<>();

  static {
    add(
        new Style(
            "educational",
            "Educational",
            "Explains a topic clearly, one idea per sentence.",
            "clear and friendly",
            "Explain the topic step by step for a curious viewer: a hook question, then one concrete fact or idea per sentence, then a short recap.",
            "calm"));
    add(
        new Style(
            "storytelling",
            "Storytelling",
            "Tells the topic as a short story with a beginning, a turn and an end.",
            "warm and vivid",
            "Tell the topic as a short story: set the scene, build tension with a turning point, resolve it, end with a memorable line.",
            "cinematic"));
    add(
        new Style(
            "listicle",
            "Listicle",
            "A countdown or list of surprising points.",
            "punchy and upbeat",
            "Write a numbered list of surprising points (\"Number one: ...\"), each a complete sentence, with a one-sentence intro and outro.",
            "upbeat"));
    add(
        new Style(
            "news",
            "News",
            "A neutral news report: what happened, who, when, why it matters.",
            "neutral and factual",
            "Write a neutral news report: lead with what happened, then who, when and where, then why it matters. No opinions.",
            "news"));
    add(
        new Style(
            "motivational",
            "Motivational",
            "Speaks to the viewer and ends with a call to action.",
            "energetic and inspiring",
            "Speak directly to the viewer in the second person, build energy, and end with a clear call to action.",
            "inspiring"));
  }

  private static void add(Style s) {
    STYLES.put(s.id(), s);
  }

  private ScriptStyles() {}

  public static List<Style> all() {
    return List.copyOf(STYLES.values());
  }

  /**
   * The style named {@code id}.
   *
   * @throws IllegalArgumentException naming the known styles
   */
  public static Style of(String id) {
    Style s = STYLES.get(id);
    if (s == null) {
      throw new IllegalArgumentException(
          "unknown script style '" + id + "'; known: " + String.join(", ", STYLES.keySet()));
    }
    return s;
  }
}
