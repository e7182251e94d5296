package io.renderowl.activities.timeline;

import io.renderowl.workflows.Aspect;
import io.renderowl.workflows.Narration;
import io.renderowl.workflows.Scene;
import io.renderowl.workflows.Ssml;
import io.renderowl.workflows.Visual;
import io.renderowl.workflows.WordTiming;
import io.renderowl.workflows.timeline.ClipDocument;
import io.renderowl.workflows.timeline.RenderPreset;
import io.renderowl.workflows.timeline.TimelineDocument;
import io.renderowl.workflows.timeline.TrackDocument;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Lays scenes out on a timeline: a picture track (Ken Burns on pictures, stock videos muted and
 * looped; crossfades between scenes), a caption track with word timings, a voice track and, when
 * there is one, a music track (ducked under the voice). A scene lasts as long as its narration plus
 * a lead-in and a pause; scenes whose narration is shorter than their share of the requested
 * duration are padded towards that share, but only as far as the whole video reaches the requested
 * duration (the sum of the shares): a long scene elsewhere is not followed by silence that makes
 * the video longer still. The video lasts the requested duration or the narration, whichever is
 * longer.
 */
final class TimelineAssembler {
  static final int FPS = 30;
  static final double CROSSFADE_SECONDS = 0.5;
  static final double VOICE_LEAD_IN_SECONDS = 0.25;
  static final double PAUSE_AFTER_VOICE_SECONDS =
      Scene.NARRATION_MARGIN_SECONDS - VOICE_LEAD_IN_SECONDS;

  static final String HIGHLIGHT_COLOR = "#FFD54F";
  static final double MUSIC_VOLUME = 0.15;

  /**
   * Background music for the whole video.
   *
   * @param sourceUrl the track (s3:// URL)
   * @param provider where it came from, e.g. "library:calm"
   */
  record Music(String sourceUrl, String provider) {}

  TimelineDocument assemble(
      String name,
      Aspect aspect,
      boolean preview,
      List<Scene> scenes,
      List<Visual> visuals,
      List<Narration> narrations,
      Function<String, String> urlOfKey) {
    return assemble(name, aspect, preview, scenes, visuals, narrations, urlOfKey, null);
  }

  /**
   * @param preview true for a fast low-resolution render: the aspect at a {@value
   *     RenderPreset#PREVIEW_SHORT_SIDE}-pixel short side (the renderer then also encodes with a
   *     fast preset, see VideoEncoding.forFrame)
   * @param music background music for the whole video, or null
   */
  TimelineDocument assemble(
      String name,
      Aspect aspect,
      boolean preview,
      List<Scene> scenes,
      List<Visual> visuals,
      List<Narration> narrations,
      Function<String, String> urlOfKey,
      Music music) {
    if (scenes.isEmpty()) {
      throw new IllegalArgumentException("a timeline needs at least one scene");
    }
    List<Scene> ordered = scenes.stream().sorted(Comparator.comparingInt(Scene::index)).toList();
    List<ClipDocument> pictures = new ArrayList<>();
    List<ClipDocument> captions = new ArrayList<>();
    List<ClipDocument> voice = new ArrayList<>();
    List<Narration> spoken =
        ordered.stream()
            .map(s -> find(narrations, Narration::sceneIndex, s.index(), "narration"))
            .toList();
    double[] lengths = lengths(ordered, spoken);
    double start = 0;
    for (int i = 0; i < ordered.size(); i++) {
      Scene scene = ordered.get(i);
      Visual visual = find(visuals, Visual::sceneIndex, scene.index(), "picture");
      Narration narration = spoken.get(i);
      double length = lengths[i];
      boolean last = i == ordered.size() - 1;
      Map<String, Object> look = new LinkedHashMap<>();
      look.put("fit", "cover");
      look.put("transitionIn", i == 0 ? "none" : "crossfade");
      look.put("transitionSeconds", CROSSFADE_SECONDS);
      look.put("provider", visual.provider());
      look.put("prompt", scene.visualPrompt());
      look.put("attribution", visual.attribution());
      if (visual.mediaType().equals("video")) {
        look.put("trimStart", 0.0);
        look.put("muted", true);
        look.put("volume", 0.0);
        look.put("loop", true);
      } else {
        look.put("zoomFrom", 1.0);
        look.put("zoomTo", 1.1);
      }
      pictures.add(
          new ClipDocument(
              uuid(),
              visual.mediaType().equals("video") ? "video" : "image",
              start,
              last ? length : length + CROSSFADE_SECONDS,
              urlOfKey.apply(visual.storageKey()),
              look));
      Map<String, Object> caption = new LinkedHashMap<>();
      caption.put("text", Ssml.plain(scene.text()));
      caption.put("fontFamily", "DejaVu Sans");
      caption.put("fontSize", 64);
      caption.put("color", "#FFFFFF");
      caption.put("outlineColor", "#000000");
      caption.put("outlineWidth", 4);
      caption.put("position", "bottom");
      caption.put("fadeSeconds", 0.25);
      if (!narration.words().isEmpty()) {
        caption.put("words", words(narration.words(), VOICE_LEAD_IN_SECONDS));
        caption.put("highlightColor", HIGHLIGHT_COLOR);
        caption.put("timingSource", narration.timingSource());
      }
      captions.add(new ClipDocument(uuid(), "text", start, length, null, caption));
      voice.add(
          new ClipDocument(
              uuid(),
              "audio",
              start + VOICE_LEAD_IN_SECONDS,
              narration.durationSeconds(),
              urlOfKey.apply(narration.storageKey()),
              Map.of("volume", 1.0, "role", "voice", "provider", narration.provider())));
      start = millis(start + length);
    }
    int[] size =
        preview
            ? RenderPreset.previewSize(aspect.width(), aspect.height())
            : new int[] {aspect.width(), aspect.height()};
    List<TrackDocument> tracks =
        new ArrayList<>(
            List.of(
                new TrackDocument(
                    uuid(),
                    "Scenes",
                    pictures.stream().anyMatch(c -> c.type().equals("video")) ? "video" : "image",
                    0,
                    true,
                    pictures),
                new TrackDocument(uuid(), "Captions", "text", 1, true, captions),
                new TrackDocument(uuid(), "Voice-over", "audio", 2, true, voice)));
    TimelineDocument doc =
        new TimelineDocument(
            null, name, size[0], size[1], FPS, "#000000", "crossfade", start, tracks);
    return music == null ? doc : withMusic(doc, music);
  }

  /**
   * {@code doc} with a music track under the rest, as long as the timeline, ducked under the voice.
   */
  TimelineDocument withMusic(TimelineDocument doc, Music music) {
    Map<String, Object> bed = new LinkedHashMap<>();
    bed.put("volume", MUSIC_VOLUME);
    bed.put("role", "music");
    bed.put("fadeInSeconds", 1.0);
    bed.put("fadeOutSeconds", 2.0);
    bed.put("duckUnderSpeech", true);
    bed.put("provider", music.provider());
    List<TrackDocument> tracks = new ArrayList<>(doc.tracks());
    tracks.add(
        new TrackDocument(
            uuid(),
            "Music",
            "audio",
            3,
            true,
            List.of(
                new ClipDocument(
                    uuid(), "audio", 0, doc.durationSeconds(), music.sourceUrl(), bed))));
    return new TimelineDocument(
        doc.id(),
        doc.name(),
        doc.width(),
        doc.height(),
        doc.fps(),
        doc.backgroundColor(),
        doc.transitionType(),
        doc.durationSeconds(),
        tracks);
  }

  /**
   * Each scene's length: its narration with lead-in and pause, plus a share of the padding that
   * brings the video up to the requested duration (never beyond it). A scene's padding is at most
   * the gap between its narration and its own share; when the gaps add up to more than the video
   * needs, every gap is cut by the same factor.
   */
  private static double[] lengths(List<Scene> scenes, List<Narration> narrations) {
    int n = scenes.size();
    double[] spoken = new double[n];
    double[] gaps = new double[n];
    double requested = 0;
    double spokenTotal = 0;
    double gapTotal = 0;
    for (int i = 0; i < n; i++) {
      spoken[i] =
          VOICE_LEAD_IN_SECONDS + narrations.get(i).durationSeconds() + PAUSE_AFTER_VOICE_SECONDS;
      gaps[i] = Math.max(0, scenes.get(i).targetSeconds() - spoken[i]);
      requested += scenes.get(i).targetSeconds();
      spokenTotal += spoken[i];
      gapTotal += gaps[i];
    }
    double padding = Math.max(0, requested - spokenTotal);
    double kept = gapTotal <= padding ? 1 : padding / gapTotal;
    double[] lengths = new double[n];
    for (int i = 0; i < n; i++) {
      // Whole milliseconds, as the clips table stores them: consecutive captions then abut exactly
      // after a round trip through the database instead of overlapping by a rounding millisecond.
      lengths[i] = millis(frames(spoken[i] + gaps[i] * kept));
    }
    return lengths;
  }

  /** Word timings as clip content: seconds from the caption clip's start. */
  private static List<Map<String, Object>> words(List<WordTiming> words, double offset) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (WordTiming w : words) {
      out.add(
          Map.of(
              "text",
              w.text(),
              "start",
              round(offset + w.start()),
              "end",
              round(offset + w.end())));
    }
    return out;
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
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
