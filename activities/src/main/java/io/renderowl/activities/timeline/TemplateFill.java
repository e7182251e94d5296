package io.renderowl.activities.timeline;

import io.renderowl.infra.json.Json;
import io.renderowl.infra.templates.MergeFields;
import io.renderowl.infra.templates.TemplateField;
import io.renderowl.workflows.FieldError;
import io.renderowl.workflows.Scene;
import io.renderowl.workflows.Visual;
import io.renderowl.workflows.timeline.ClipDocument;
import io.renderowl.workflows.timeline.TimelineDocument;
import io.renderowl.workflows.timeline.TimelineProblem;
import io.renderowl.workflows.timeline.TimelineValidator;
import io.renderowl.workflows.timeline.TrackDocument;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * A pipeline run's timeline from a template instead of the default layout. The script's scenes fill
 * the template's scene slots ({@code scene.N.text}, {@code scene.N.image}; more scenes than slots
 * share a slot, consecutive scenes as evenly as they divide, their texts joined, the slot's first
 * picture shown), {@code title} and {@code topic} take the run's; other fields keep their defaults.
 * The filled template is stretched to the narration's length and the default layout's audio tracks
 * (voice and music) are added under it, so the video is the template's tracks with the run's voice.
 */
final class TemplateFill {

  private static final Pattern SCENE_FIELD = Pattern.compile("scene\\.(\\d+)\\.(\\w+)");

  private TemplateFill() {}

  /**
   * @param laidOut the default layout of the same scenes (timing, voice and music)
   * @param urlOfKey the {@code source_url} of a stored object
   * @throws IllegalArgumentException when the template needs values a run cannot give (naming the
   *     fields) or the filled timeline is invalid
   */
  static TimelineDocument fill(
      List<TemplateField> fields,
      JsonNode structure,
      String title,
      String topic,
      List<Scene> scenes,
      List<Visual> visuals,
      TimelineDocument laidOut,
      Function<String, String> urlOfKey) {
    int slots = 0;
    for (TemplateField f : fields) {
      Matcher m = SCENE_FIELD.matcher(f.name());
      if (m.matches()) {
        slots = Math.max(slots, Integer.parseInt(m.group(1)));
      }
    }
    Map<String, Object> values = new LinkedHashMap<>();
    put(fields, values, "title", title);
    put(fields, values, "topic", topic);
    if (slots > 0 && !scenes.isEmpty()) {
      List<List<Integer>> groups = group(scenes.size(), slots);
      Map<Integer, Visual> visualOf = new HashMap<>();
      visuals.forEach(v -> visualOf.put(v.sceneIndex(), v));
      for (int k = 0; k < slots; k++) {
        List<Integer> members = groups.get(k);
        StringBuilder text = new StringBuilder();
        for (int i : members) {
          text.append(text.isEmpty() ? "" : " ").append(scenes.get(i).text().strip());
        }
        put(fields, values, "scene." + (k + 1) + ".text", text.toString());
        Visual picture = visualOf.get(scenes.get(members.getFirst()).index());
        if (picture != null) {
          put(fields, values, "scene." + (k + 1) + ".image", urlOfKey.apply(picture.storageKey()));
        }
      }
    }
    var resolved = MergeFields.resolve(fields, values);
    if (!resolved.problems().isEmpty()) {
      throw new IllegalArgumentException(
          "the template cannot be filled by a run: "
              + String.join("; ", resolved.problems().stream().map(FieldError::toString).toList()));
    }
    TimelineDocument filled =
        TimelineJson.parse(
            Json.MAPPER.writeValueAsString(MergeFields.fill(structure, resolved.values())));
    TimelineDocument result = stretched(filled, laidOut);
    List<TimelineProblem> problems = TimelineValidator.problems(result);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "the template's timeline is invalid once filled: "
              + String.join("; ", problems.stream().map(TimelineProblem::toString).toList()));
    }
    return result;
  }

  private static void put(
      List<TemplateField> fields, Map<String, Object> values, String name, String value) {
    if (fields.stream().anyMatch(f -> f.name().equals(name))) {
      values.put(name, value);
    }
  }

  /**
   * Scene indexes per slot: consecutive scenes, as evenly as they divide (every slot gets at least
   * one); with fewer scenes than slots a scene fills several slots.
   */
  private static List<List<Integer>> group(int count, int slots) {
    List<List<Integer>> groups = new ArrayList<>();
    for (int k = 0; k < slots; k++) {
      List<Integer> members = new ArrayList<>();
      if (count >= slots) {
        for (int i = k * count / slots; i < (k + 1) * count / slots; i++) {
          members.add(i);
        }
      } else {
        members.add(k * count / slots);
      }
      groups.add(members);
    }
    return groups;
  }

  /** The template stretched to the narration's length, with the default layout's audio under it. */
  private static TimelineDocument stretched(TimelineDocument filled, TimelineDocument laidOut) {
    double factor = laidOut.durationSeconds() / filled.durationSeconds();
    List<TrackDocument> tracks = new ArrayList<>();
    for (TrackDocument t : filled.tracks()) {
      List<ClipDocument> clips = new ArrayList<>();
      for (ClipDocument c : t.clips()) {
        clips.add(
            new ClipDocument(
                c.id(),
                c.type(),
                c.startTime() * factor,
                c.duration() * factor,
                c.sourceUrl(),
                c.content()));
      }
      tracks.add(new TrackDocument(t.id(), t.name(), t.type(), t.order(), t.visible(), clips));
    }
    int order = tracks.stream().mapToInt(TrackDocument::order).max().orElse(-1);
    for (TrackDocument t : laidOut.tracks()) {
      if (t.type().equals("audio")) {
        tracks.add(new TrackDocument(t.id(), t.name(), t.type(), ++order, t.visible(), t.clips()));
      }
    }
    return new TimelineDocument(
        laidOut.id(),
        filled.name(),
        filled.width(),
        filled.height(),
        filled.fps(),
        filled.backgroundColor(),
        filled.transitionType(),
        laidOut.durationSeconds(),
        tracks);
  }
}
