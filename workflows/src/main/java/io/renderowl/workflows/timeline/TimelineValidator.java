package io.renderowl.workflows.timeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Structural checks of a timeline document, before any frame is drawn: pure (no I/O), so the
 * workflow can run them too. Finds every problem, not only the first; each names its track and
 * clip. Whether sources exist is checked separately, where files and storage can be reached.
 */
public final class TimelineValidator {

  /** Track types of the seed's {@code tracks.type}. */
  public static final Set<String> TRACK_TYPES = Set.of("video", "audio", "text", "image", "effect");

  /** Transition names for {@code transition_type} and {@code content.transitionIn}. */
  public static final Set<String> TRANSITIONS =
      Set.of("none", "fade", "crossfade", "slide", "wipe", "zoom");

  /** Largest frame side in pixels. */
  public static final int MAX_SIDE = 4096;

  /** Accepted frame rates. */
  public static final int MIN_FPS = 1;

  public static final int MAX_FPS = 120;

  /** Longest timeline in seconds (4 hours). */
  public static final double MAX_DURATION_SECONDS = 4 * 3600;

  /** Tracks of one timeline (refused above, before anything is drawn). */
  public static final int MAX_TRACKS = 64;

  /** Clips of one timeline, all tracks together. */
  public static final int MAX_CLIPS = 10_000;

  /** Characters of one text clip (its text, or its words joined). */
  public static final int MAX_TEXT_CHARS = 2_000;

  /**
   * Overlaps and ends past the timeline this small are rounding, not errors: the database stores
   * start and duration to the millisecond each, so an end can be off by up to 1 ms.
   */
  static final double TOLERANCE_SECONDS = 0.002;

  private static final Map<String, Set<String>> CLIP_TYPES_BY_TRACK =
      Map.of(
          "video", Set.of("video", "image"),
          "image", Set.of("image", "video"),
          "text", Set.of("text"),
          "audio", Set.of("audio"),
          "effect", Set.of("framecode"));

  private static final Set<String> FITS = Set.of("cover", "contain");
  private static final Set<String> POSITIONS = Set.of("bottom", "center", "top");
  private static final Set<String> ROLES = Set.of("voice", "music");

  private TimelineValidator() {}

  /** Every problem of {@code timeline}, in document order; empty when it can be rendered. */
  public static List<TimelineProblem> problems(TimelineDocument timeline) {
    List<TimelineProblem> problems = new ArrayList<>();
    checkTimeline(timeline, problems);
    for (TrackDocument track : timeline.tracks()) {
      checkTrack(timeline, track, problems);
    }
    return List.copyOf(problems);
  }

  /**
   * @throws InvalidTimelineException listing every problem, when there is any
   */
  public static void requireValid(TimelineDocument timeline) {
    List<TimelineProblem> problems = problems(timeline);
    if (!problems.isEmpty()) {
      throw new InvalidTimelineException(
          timeline.name() == null ? String.valueOf(timeline.id()) : timeline.name(), problems);
    }
  }

  private static void checkTimeline(TimelineDocument t, List<TimelineProblem> problems) {
    if (t.width() <= 0 || t.height() <= 0 || t.width() % 2 != 0 || t.height() % 2 != 0) {
      problems.add(
          TimelineProblem.ofTimeline(
              "resolution must have positive even sides for yuv420p (got "
                  + t.width()
                  + "x"
                  + t.height()
                  + ")"));
    }
    if (t.width() > MAX_SIDE || t.height() > MAX_SIDE) {
      problems.add(
          TimelineProblem.ofTimeline(
              "resolution must be at most "
                  + MAX_SIDE
                  + " pixels a side (got "
                  + t.width()
                  + "x"
                  + t.height()
                  + ")"));
    }
    if (t.fps() < MIN_FPS || t.fps() > MAX_FPS) {
      problems.add(
          TimelineProblem.ofTimeline(
              "fps must be " + MIN_FPS + ".." + MAX_FPS + " (got " + t.fps() + ")"));
    }
    if (!(t.durationSeconds() > 0) || t.durationSeconds() > MAX_DURATION_SECONDS) {
      problems.add(
          TimelineProblem.ofTimeline(
              "duration must be > 0 and at most "
                  + (int) MAX_DURATION_SECONDS
                  + " seconds (got "
                  + t.durationSeconds()
                  + ")"));
    }
    if (t.tracks().size() > MAX_TRACKS) {
      problems.add(
          TimelineProblem.ofTimeline(
              "at most " + MAX_TRACKS + " tracks (got " + t.tracks().size() + ")"));
    }
    long clips = t.tracks().stream().mapToLong(track -> track.clips().size()).sum();
    if (clips > MAX_CLIPS) {
      problems.add(
          TimelineProblem.ofTimeline(
              "at most " + MAX_CLIPS + " clips, all tracks together (got " + clips + ")"));
    }
    if (t.backgroundColor() != null && !isColour(t.backgroundColor())) {
      problems.add(
          TimelineProblem.ofTimeline(
              "background_color must be a colour like #000000 (got '"
                  + t.backgroundColor()
                  + "')"));
    }
    if (t.transitionType() != null && !TRANSITIONS.contains(t.transitionType())) {
      problems.add(
          TimelineProblem.ofTimeline(
              "transition_type must be one of "
                  + sorted(TRANSITIONS)
                  + " (got '"
                  + t.transitionType()
                  + "')"));
    }
  }

  private static void checkTrack(
      TimelineDocument timeline, TrackDocument track, List<TimelineProblem> problems) {
    Set<String> clipTypes = CLIP_TYPES_BY_TRACK.get(track.type());
    if (clipTypes == null) {
      problems.add(
          TimelineProblem.ofTrack(
              track,
              "type must be one of " + sorted(TRACK_TYPES) + " (got '" + track.type() + "')"));
    }
    for (ClipDocument clip : track.clips()) {
      checkClip(timeline, track, clip, clipTypes, problems);
    }
    checkOverlaps(timeline, track, problems);
  }

  private static void checkClip(
      TimelineDocument timeline,
      TrackDocument track,
      ClipDocument clip,
      Set<String> clipTypes,
      List<TimelineProblem> problems) {
    Problems p = new Problems(track, clip, problems);
    if (clipTypes != null && !clipTypes.contains(clip.type())) {
      p.add(
          "type '"
              + clip.type()
              + "' is not allowed on a "
              + track.type()
              + " track (allowed: "
              + sorted(clipTypes)
              + ")");
    }
    if (!(clip.duration() > 0)) {
      p.add("duration must be > 0 (got " + clip.duration() + ")");
    }
    if (!(clip.startTime() >= 0)) {
      p.add("start_time must be >= 0 (got " + clip.startTime() + ")");
    }
    if (clip.endTime() > timeline.durationSeconds() + TOLERANCE_SECONDS) {
      p.add(
          "ends at "
              + clip.endTime()
              + " s, past the timeline's end at "
              + timeline.durationSeconds()
              + " s");
    }
    boolean needsSource = Set.of("image", "video", "audio").contains(clip.type());
    if (needsSource && (clip.sourceUrl() == null || clip.sourceUrl().isBlank())) {
      p.add("source_url is required for a " + clip.type() + " clip");
    }
    switch (clip.type()) {
      case "image", "video" -> checkPicture(clip, p);
      case "text" -> checkText(clip, p);
      case "audio" -> checkAudio(clip, p);
      case "framecode" -> {
        // no content
      }
      default -> {
        if (clipTypes == null || clipTypes.contains(clip.type())) {
          p.add(
              "type must be one of video, audio, text, image, framecode (got '"
                  + clip.type()
                  + "')");
        }
      }
    }
  }

  private static void checkPicture(ClipDocument clip, Problems p) {
    p.oneOf("fit", FITS);
    p.oneOf("transitionIn", TRANSITIONS);
    p.number("transitionSeconds", 0, clip.duration());
    for (String key : List.of("zoomFrom", "zoomTo")) {
      p.number(key, 0.1, 10);
    }
    for (String key : List.of("panFromX", "panFromY", "panToX", "panToY")) {
      p.number(key, -1, 1);
    }
    if (clip.type().equals("video")) {
      p.number("trimStart", 0, Double.MAX_VALUE);
      p.number("volume", 0, 4);
      p.bool("muted");
      p.bool("loop");
    }
  }

  private static void checkText(ClipDocument clip, Problems p) {
    if (!(clip.content().get("text") instanceof String) && !clip.content().containsKey("words")) {
      p.add("content.text (a string) or content.words is required for a text clip");
    }
    for (String key : List.of("color", "outlineColor", "backgroundColor", "highlightColor")) {
      p.colour(key);
    }
    p.oneOf("position", POSITIONS);
    p.number("fontSize", 1, 1000);
    p.number("outlineWidth", 0, 100);
    p.number("fadeSeconds", 0, clip.duration());
    p.bool("shadow");
    if (clip.content().get("text") instanceof String text && text.length() > MAX_TEXT_CHARS) {
      p.add(
          "content.text must be at most "
              + MAX_TEXT_CHARS
              + " characters (got "
              + text.length()
              + ")");
    }
    Object words = clip.content().get("words");
    if (words == null) {
      return;
    }
    if (words instanceof List<?> all) {
      long chars =
          all.stream()
              .mapToLong(w ->
                  w instanceof Map<?, ?> m && m.get("text") instanceof String t
                      ? t.length() + 1
                      : 0)
              .sum();
      if (chars > MAX_TEXT_CHARS + 1) {
        p.add(
            "content.words must hold at most "
                + MAX_TEXT_CHARS
                + " characters of text (got "
                + (chars - 1)
                + ")");
        return;
      }
    }
    if (!(words instanceof List<?> list)) {
      p.add(
          "content.words must be a list of {text, start, end} (got "
              + words.getClass().getSimpleName()
              + ")");
      return;
    }
    double previousEnd = 0;
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof Map<?, ?> word)
          || !(word.get("text") instanceof String)
          || !(word.get("start") instanceof Number start)
          || !(word.get("end") instanceof Number end)) {
        p.add(
            "content.words["
                + i
                + "] must be {\"text\": string, \"start\": seconds, \"end\": seconds}");
        continue;
      }
      double s = start.doubleValue();
      double e = end.doubleValue();
      if (s < previousEnd - TOLERANCE_SECONDS || e < s || e > clip.duration() + TOLERANCE_SECONDS) {
        p.add(
            "content.words["
                + i
                + "] ('"
                + word.get("text")
                + "') must have start <= end within the clip's "
                + clip.duration()
                + " s, after the word before it (got "
                + s
                + ".."
                + e
                + ")");
      }
      previousEnd = Math.max(previousEnd, e);
    }
  }

  private static void checkAudio(ClipDocument clip, Problems p) {
    p.number("volume", 0, 4);
    p.number("fadeInSeconds", 0, clip.duration());
    p.number("fadeOutSeconds", 0, clip.duration());
    p.number("trimStart", 0, Double.MAX_VALUE);
    p.oneOf("role", ROLES);
    p.bool("duckUnderSpeech");
    p.bool("loop");
  }

  /**
   * Clips on one track may overlap only on image/video tracks, only with the clip right before (a
   * transition), and only when the later clip's transition is not "none".
   */
  private static void checkOverlaps(
      TimelineDocument timeline, TrackDocument track, List<TimelineProblem> problems) {
    List<ClipDocument> clips =
        track.clips().stream()
            .filter(c -> c.duration() > 0)
            .sorted(Comparator.comparingDouble(ClipDocument::startTime))
            .toList();
    boolean pictures = track.type().equals("image") || track.type().equals("video");
    for (int i = 1; i < clips.size(); i++) {
      ClipDocument clip = clips.get(i);
      ClipDocument before = clips.get(i - 1);
      double overlap = before.endTime() - clip.startTime();
      if (overlap <= TOLERANCE_SECONDS) {
        continue;
      }
      String transition =
          clip.text(
              "transitionIn",
              timeline.transitionType() == null ? "fade" : timeline.transitionType());
      if (!pictures) {
        problems.add(
            TimelineProblem.ofClip(
                track,
                clip,
                "overlaps clip "
                    + before.id()
                    + " by "
                    + round(overlap)
                    + " s; clips on a "
                    + track.type()
                    + " track must not overlap"));
      } else if (transition.equals("none")) {
        problems.add(
            TimelineProblem.ofClip(
                track,
                clip,
                "overlaps clip "
                    + before.id()
                    + " by "
                    + round(overlap)
                    + " s but its transition is \"none\""
                    + " (only a transition may overlap the clip before)"));
      } else if (i >= 2 && clips.get(i - 2).endTime() - clip.startTime() > TOLERANCE_SECONDS) {
        problems.add(
            TimelineProblem.ofClip(
                track,
                clip,
                "overlaps both "
                    + clips.get(i - 2).id()
                    + " and "
                    + before.id()
                    + "; a transition joins two clips only"));
      } else if (clip.endTime() <= before.endTime() + TOLERANCE_SECONDS) {
        problems.add(
            TimelineProblem.ofClip(
                track,
                clip,
                "lies entirely inside clip " + before.id() + "; put it on its own track"));
      }
    }
  }

  private static double round(double seconds) {
    return Math.round(seconds * 1000) / 1000.0;
  }

  static boolean isColour(String value) {
    return value.strip().matches("#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?");
  }

  private static String sorted(Set<String> values) {
    return values.stream().sorted().toList().toString();
  }

  /** Content checks of one clip, each adding at most one problem. */
  private record Problems(TrackDocument track, ClipDocument clip, List<TimelineProblem> list) {

    void add(String message) {
      list.add(TimelineProblem.ofClip(track, clip, message));
    }

    void oneOf(String key, Set<String> allowed) {
      Object value = clip.content().get(key);
      if (value != null && !allowed.contains(value.toString())) {
        add("content." + key + " must be one of " + sorted(allowed) + " (got '" + value + "')");
      }
    }

    void number(String key, double min, double max) {
      Object value = clip.content().get(key);
      if (value == null) {
        return;
      }
      if (!(value instanceof Number n)) {
        add("content." + key + " must be a number (got '" + value + "')");
      } else if (!(n.doubleValue() >= min && n.doubleValue() <= max)) {
        add("content." + key + " must be " + bound(min) + ".." + bound(max) + " (got " + n + ")");
      }
    }

    void colour(String key) {
      Object value = clip.content().get(key);
      if (value != null && !(value instanceof String s && isColour(s))) {
        add("content." + key + " must be a colour like #ffffff or #ffffff80 (got '" + value + "')");
      }
    }

    void bool(String key) {
      Object value = clip.content().get(key);
      if (value != null && !(value instanceof Boolean)) {
        add("content." + key + " must be true or false (got '" + value + "')");
      }
    }

    private static String bound(double value) {
      if (value == Double.MAX_VALUE) {
        return "";
      }
      return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
  }
}
