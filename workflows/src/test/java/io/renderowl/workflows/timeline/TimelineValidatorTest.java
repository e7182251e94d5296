package io.renderowl.workflows.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimelineValidatorTest {

  private static TimelineDocument timeline(
      int w,
      int h,
      int fps,
      String background,
      String transition,
      double seconds,
      TrackDocument... tracks) {
    return new TimelineDocument(
        "t", "test", w, h, fps, background, transition, seconds, List.of(tracks));
  }

  private static TrackDocument track(String id, String type, ClipDocument... clips) {
    return new TrackDocument(id, "Track " + id, type, 0, true, List.of(clips));
  }

  private static ClipDocument clip(
      String id, String type, double start, double duration, Map<String, Object> content) {
    String source =
        Map.of("image", 1, "video", 1, "audio", 1).containsKey(type) ? "media/" + id : null;
    return new ClipDocument(id, type, start, duration, source, content);
  }

  @Test
  void aValidTimelineWithEveryClipTypeHasNoProblems() {
    TimelineDocument ok =
        timeline(
            1280,
            720,
            30,
            "#000000",
            "crossfade",
            10,
            track(
                "v",
                "video",
                clip(
                    "a",
                    "image",
                    0,
                    5.5,
                    Map.of("fit", "cover", "zoomFrom", 1.0, "zoomTo", 1.2, "panToX", 0.1)),
                clip(
                    "b",
                    "video",
                    5,
                    5,
                    Map.of(
                        "transitionIn", "wipe", "trimStart", 1.0, "loop", true, "muted", false))),
            track(
                "t",
                "text",
                clip(
                    "c",
                    "text",
                    0,
                    5,
                    Map.of("text", "Hello", "color", "#ffffff", "backgroundColor", "#00000080")),
                clip(
                    "d",
                    "text",
                    5,
                    5,
                    Map.of(
                        "words",
                        List.of(Map.of("text", "Hi", "start", 0.0, "end", 0.5)),
                        "highlightColor",
                        "#ffd400"))),
            track(
                "a",
                "audio",
                clip(
                    "m",
                    "audio",
                    0,
                    10,
                    Map.of("role", "music", "duckUnderSpeech", true, "fadeOutSeconds", 2.0))),
            track("e", "effect", clip("f", "framecode", 0, 10, Map.of())));
    assertThat(TimelineValidator.problems(ok)).isEmpty();
  }

  @Test
  void hugeTimelinesAreRefusedNamingTheLimit() {
    ClipDocument[] many = new ClipDocument[TimelineValidator.MAX_CLIPS + 1];
    for (int i = 0; i < many.length; i++) {
      many[i] = clip("c" + i, "framecode", i * 0.01, 0.01, Map.of());
    }
    TrackDocument[] tracks = new TrackDocument[TimelineValidator.MAX_TRACKS + 1];
    tracks[0] = track("codes", "effect", many);
    tracks[1] =
        track(
            "words",
            "text",
            clip("long", "text", 0, 1, Map.of("text", "x".repeat(2_001))),
            clip(
                "wordy",
                "text",
                1,
                1,
                Map.of(
                    "words",
                    List.of(
                        Map.of("text", "y".repeat(1_500), "start", 0.0, "end", 0.5),
                        Map.of("text", "z".repeat(1_500), "start", 0.5, "end", 1.0)))));
    for (int i = 2; i < tracks.length; i++) {
      tracks[i] = track("t" + i, "effect");
    }
    TimelineDocument huge = timeline(8192, 4096, 1000, "#000000", "crossfade", 200, tracks);

    List<String> problems =
        TimelineValidator.problems(huge).stream().map(TimelineProblem::toString).toList();

    assertThat(String.join("\n", problems))
        .contains("resolution must be at most 4096 pixels a side (got 8192x4096)")
        .contains("fps must be 1..120 (got 1000)")
        .contains("at most 64 tracks (got 65)")
        .contains("at most 10000 clips, all tracks together (got 10003)")
        .contains("content.text must be at most 2000 characters (got 2001)")
        .contains("content.words must hold at most 2000 characters of text (got 3001)");
  }

  @Test
  void everyProblemIsReportedNamingTrackAndClip() {
    TimelineDocument bad =
        timeline(
            1921,
            5000,
            0,
            "black",
            "dissolve",
            4,
            track(
                "p",
                "image",
                clip("zero", "image", 0, 0, Map.of()),
                clip("late", "image", 3, 2, Map.of("fit", "stretch", "transitionIn", "spin")),
                clip("cut", "image", 3.5, 0.5, Map.of("transitionIn", "none"))),
            track(
                "s",
                "text",
                clip("t1", "text", 0, 2, Map.of("text", "a", "color", "red")),
                clip("t2", "text", 1, 2, Map.of("text", "b", "position", "left"))),
            track("x", "sparkles", clip("y", "gif", 0, 1, Map.of())));
    List<String> problems =
        TimelineValidator.problems(bad).stream().map(TimelineProblem::toString).toList();
    assertThat(problems)
        .containsExactlyInAnyOrder(
            "timeline: resolution must have positive even sides for yuv420p (got 1921x5000)",
            "timeline: resolution must be at most 4096 pixels a side (got 1921x5000)",
            "timeline: fps must be 1..120 (got 0)",
            "timeline: background_color must be a colour like #000000 (got 'black')",
            "timeline: transition_type must be one of [crossfade, fade, none, slide, wipe, zoom] (got 'dissolve')",
            "track 'Track p' (p), clip zero: duration must be > 0 (got 0.0)",
            "track 'Track p' (p), clip late: ends at 5.0 s, past the timeline's end at 4.0 s",
            "track 'Track p' (p), clip late: content.fit must be one of [contain, cover] (got 'stretch')",
            "track 'Track p' (p), clip late: content.transitionIn must be one of [crossfade, fade, none, slide, wipe, zoom] (got 'spin')",
            "track 'Track p' (p), clip cut: overlaps clip late by 1.5 s but its transition is \"none\" (only a transition may overlap the clip before)",
            "track 'Track s' (s), clip t1: content.color must be a colour like #ffffff or #ffffff80 (got 'red')",
            "track 'Track s' (s), clip t2: content.position must be one of [bottom, center, top] (got 'left')",
            "track 'Track s' (s), clip t2: overlaps clip t1 by 1.0 s; clips on a text track must not overlap",
            "track 'Track x' (x): type must be one of [audio, effect, image, text, video] (got 'sparkles')",
            "track 'Track x' (x), clip y: type must be one of video, audio, text, image, framecode (got 'gif')");
  }

  @Test
  void overlapsOnPictureTracksAreTransitionsBetweenTwoClipsOnly() {
    TimelineDocument triple =
        timeline(
            640,
            360,
            30,
            "#000000",
            "crossfade",
            6,
            track(
                "p",
                "image",
                clip("a", "image", 0, 3, Map.of()),
                clip("b", "image", 1, 1, Map.of()),
                clip("c", "image", 1.5, 2, Map.of())));
    assertThat(TimelineValidator.problems(triple))
        .extracting(TimelineProblem::message)
        .containsExactly(
            "lies entirely inside clip a; put it on its own track",
            "overlaps both a and b; a transition joins two clips only");
  }

  @Test
  void sourcesAndContentTypesAreChecked() {
    TimelineDocument missing =
        timeline(
            640,
            360,
            30,
            null,
            null,
            2,
            track(
                "a",
                "audio",
                new ClipDocument(
                    "v", "audio", 0, 1, null, Map.of("volume", "loud", "loop", "yes"))),
            track(
                "t",
                "text",
                new ClipDocument(
                    "w",
                    "text",
                    0,
                    1,
                    null,
                    Map.of("words", List.of(Map.of("text", "late", "start", 0.5, "end", 1.5))))));
    assertThat(TimelineValidator.problems(missing))
        .extracting(TimelineProblem::toString)
        .containsExactly(
            "track 'Track a' (a), clip v: source_url is required for a audio clip",
            "track 'Track a' (a), clip v: content.volume must be a number (got 'loud')",
            "track 'Track a' (a), clip v: content.loop must be true or false (got 'yes')",
            "track 'Track t' (t), clip w: content.words[0] ('late') must have start <= end within the clip's 1.0 s, after the word before it (got 0.5..1.5)");
  }

  @Test
  void millisecondRoundingOfStoredTimesIsNoOverlap() {
    // 3 s scenes of 98/30 s stored to the millisecond: 3.267 + 3.267 ends 1 ms after 6.533
    TimelineDocument stored =
        timeline(
            1080,
            1920,
            30,
            "#000000",
            "crossfade",
            9.8,
            track(
                "c",
                "text",
                clip("a", "text", 0, 3.267, Map.of("text", "a")),
                clip("b", "text", 3.267, 3.267, Map.of("text", "b")),
                clip("c", "text", 6.533, 3.267, Map.of("text", "c"))));
    assertThat(TimelineValidator.problems(stored)).isEmpty();
  }

  @Test
  void requireValidThrowsWithEveryProblemInTheMessage() {
    TimelineDocument bad =
        timeline(
            640,
            360,
            30,
            "#000000",
            "fade",
            1,
            track(
                "p",
                "image",
                clip("a", "image", 0, -1, Map.of()),
                clip("b", "image", 0.5, 1, Map.of())));
    assertThatThrownBy(() -> TimelineValidator.requireValid(bad))
        .isInstanceOf(InvalidTimelineException.class)
        .hasMessage(
            "timeline 'test' has 2 problems:\n"
                + "  - track 'Track p' (p), clip a: duration must be > 0 (got -1.0)\n"
                + "  - track 'Track p' (p), clip b: ends at 1.5 s, past the timeline's end at 1.0 s")
        .satisfies(e -> assertThat(((InvalidTimelineException) e).problems()).hasSize(2));
  }

  @Test
  void presetsGiveTheirSizesAndPreviewKeepsTheAspect() {
    assertThat(RenderPreset.parse("1080x1920").sizeFor(1920, 1080)).containsExactly(1080, 1920);
    assertThat(RenderPreset.parse("1280x720").sizeFor(1080, 1920)).containsExactly(1280, 720);
    assertThat(RenderPreset.parse("preview").sizeFor(1080, 1920)).containsExactly(360, 640);
    assertThat(RenderPreset.PREVIEW.sizeFor(1920, 1080)).containsExactly(640, 360);
    assertThat(RenderPreset.PREVIEW.sizeFor(320, 240)).containsExactly(320, 240);
    assertThatThrownBy(() -> RenderPreset.parse("4k"))
        .hasMessage(
            "preset must be one of 1080x1920, 1920x1080, 1080x1080, 1280x720, preview (got '4k')");
  }
}
