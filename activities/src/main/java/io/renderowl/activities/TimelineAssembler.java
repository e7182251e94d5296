package io.renderowl.activities;

import io.renderowl.workflows.Aspect;
import io.renderowl.workflows.Narration;
import io.renderowl.workflows.Scene;
import io.renderowl.workflows.Visual;
import io.renderowl.workflows.timeline.ClipDocument;
import io.renderowl.workflows.timeline.RenderPreset;
import io.renderowl.workflows.timeline.TimelineDocument;
import io.renderowl.workflows.timeline.TrackDocument;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Lays scenes out on a timeline: a picture track (Ken Burns, crossfades between scenes), a caption
 * track and a voice track. A scene lasts as long as its narration plus a pause, or its share of
 * the requested duration if that is longer.
 */
final class TimelineAssembler {
  static final int FPS = 30;
  static final double CROSSFADE_SECONDS = 0.5;
  static final double VOICE_LEAD_IN_SECONDS = 0.25;
  static final double PAUSE_AFTER_VOICE_SECONDS = 0.5;

  /**
   * @param preview true for a fast low-resolution render: the aspect at a {@value
   *     RenderPreset#PREVIEW_SHORT_SIDE}-pixel short side (the renderer then also encodes with a
   *     fast preset, see VideoEncoding.forFrame)
   */
  TimelineDocument assemble(
      String name,
      Aspect aspect,
      boolean preview,
      List<Scene> scenes,
      List<Visual> visuals,
      List<Narration> narrations,
      Function<String, String> urlOfKey) {
    if (scenes.isEmpty()) {
      throw new IllegalArgumentException("a timeline needs at least one scene");
    }
    List<Scene> ordered = scenes.stream().sorted(Comparator.comparingInt(Scene::index)).toList();
    List<ClipDocument> pictures = new ArrayList<>();
    List<ClipDocument> captions = new ArrayList<>();
    List<ClipDocument> voice = new ArrayList<>();
    double start = 0;
    for (int i = 0; i < ordered.size(); i++) {
      Scene scene = ordered.get(i);
      Visual visual = find(visuals, Visual::sceneIndex, scene.index(), "picture");
      Narration narration = find(narrations, Narration::sceneIndex, scene.index(), "narration");
      // Whole milliseconds, as the clips table stores them: consecutive captions then abut exactly
      // after a round trip through the database instead of overlapping by a rounding millisecond.
      double length =
          millis(frames(Math.max(scene.targetSeconds(), VOICE_LEAD_IN_SECONDS + narration.durationSeconds() + PAUSE_AFTER_VOICE_SECONDS)));
      boolean last = i == ordered.size() - 1;
      pictures.add(
          new ClipDocument(
              uuid(),
              "image",
              start,
              last ? length : length + CROSSFADE_SECONDS,
              urlOfKey.apply(visual.storageKey()),
              Map.of(
                  "fit", "cover",
                  "zoomFrom", 1.0,
                  "zoomTo", 1.1,
                  "transitionIn", i == 0 ? "none" : "crossfade",
                  "transitionSeconds", CROSSFADE_SECONDS,
                  "provider", visual.provider(),
                  "prompt", scene.visualPrompt())));
      captions.add(
          new ClipDocument(
              uuid(),
              "text",
              start,
              length,
              null,
              Map.of(
                  "text", scene.text(),
                  "fontFamily", "DejaVu Sans",
                  "fontSize", 64,
                  "color", "#FFFFFF",
                  "outlineColor", "#000000",
                  "outlineWidth", 4,
                  "position", "bottom",
                  "fadeSeconds", 0.25)));
      voice.add(
          new ClipDocument(
              uuid(),
              "audio",
              start + VOICE_LEAD_IN_SECONDS,
              narration.durationSeconds(),
              urlOfKey.apply(narration.storageKey()),
              Map.of("volume", 1.0, "provider", narration.provider())));
      start = millis(start + length);
    }
    int[] size = preview ? RenderPreset.previewSize(aspect.width(), aspect.height()) : new int[] {aspect.width(), aspect.height()};
    return new TimelineDocument(
        null,
        name,
        size[0],
        size[1],
        FPS,
        "#000000",
        "crossfade",
        start,
        List.of(
            new TrackDocument(uuid(), "Scenes", "image", 0, true, pictures),
            new TrackDocument(uuid(), "Captions", "text", 1, true, captions),
            new TrackDocument(uuid(), "Voice-over", "audio", 2, true, voice)));
  }

  /** Rounds a length to whole frames so scene boundaries fall on frames. */
  private static double millis(double seconds) {
    return Math.round(seconds * 1000) / 1000.0;
  }

  private static double frames(double seconds) {
    return Math.ceil(seconds * FPS) / FPS;
  }

  private static String uuid() {
    return UUID.randomUUID().toString();
  }

  private static <T> T find(List<T> items, Function<T, Integer> index, int wanted, String what) {
    return items.stream()
        .filter(t -> index.apply(t) == wanted)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("scene " + wanted + " has no " + what));
  }
}
