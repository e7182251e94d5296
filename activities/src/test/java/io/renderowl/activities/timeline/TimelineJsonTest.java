package io.renderowl.activities.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renderowl.activities.render.TimelineSources;
import io.renderowl.workflows.timeline.ClipDocument;
import io.renderowl.workflows.timeline.InvalidTimelineException;
import io.renderowl.workflows.timeline.TimelineDocument;
import io.renderowl.workflows.timeline.TimelineProblem;
import io.renderowl.workflows.timeline.TrackDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimelineJsonTest {

  @TempDir Path dir;

  private static final String EXAMPLE =
      """
      {
        "id": "demo",
        "name": "Demo",
        "resolution": "1280x720",
        "fps": 30,
        "background_color": "#101010",
        "transition_type": "crossfade",
        "duration": 4.5,
        "tracks": [
          {"id": "pics", "name": "Pictures", "type": "image", "order": 0, "is_visible": true,
           "clips": [
             {"id": "a", "type": "image", "start_time": 0, "duration": 2.5, "source_url": "media/a.png",
              "content": {"fit": "cover", "zoomFrom": 1.0, "zoomTo": 1.1}},
             {"id": "b", "type": "image", "start_time": 2.0, "duration": 2.5, "source_url": "media/b.png",
              "content": {"transitionIn": "wipe"}}]},
          {"id": "caps", "name": "Captions", "type": "text", "order": 1,
           "clips": [
             {"id": "c", "type": "text", "start_time": 0.5, "duration": 2,
              "content": {"words": [{"text": "Hi", "start": 0, "end": 0.5}], "highlightColor": "#ffd400"}}]}
        ]
      }
      """;

  @Test
  void readsTheSnakeCaseDocument() {
    TimelineDocument t = TimelineJson.parse(EXAMPLE);
    assertThat(t.id()).isEqualTo("demo");
    assertThat(t.width()).isEqualTo(1280);
    assertThat(t.height()).isEqualTo(720);
    assertThat(t.fps()).isEqualTo(30);
    assertThat(t.backgroundColor()).isEqualTo("#101010");
    assertThat(t.transitionType()).isEqualTo("crossfade");
    assertThat(t.durationSeconds()).isEqualTo(4.5);
    assertThat(t.frameCount()).isEqualTo(135);
    TrackDocument pictures = t.tracks().getFirst();
    assertThat(pictures.type()).isEqualTo("image");
    assertThat(pictures.visible()).isTrue();
    ClipDocument b = pictures.clips().get(1);
    assertThat(b.startTime()).isEqualTo(2.0);
    assertThat(b.sourceUrl()).isEqualTo("media/b.png");
    assertThat(b.text("transitionIn", null)).isEqualTo("wipe");
    ClipDocument caption = t.tracks().get(1).clips().getFirst();
    assertThat(caption.content().get("words"))
        .isEqualTo(List.of(Map.of("text", "Hi", "start", 0, "end", 0.5)));
  }

  @Test
  void writesWhatItReads() {
    TimelineDocument t = TimelineJson.parse(EXAMPLE);
    Path file = dir.resolve("t.json");
    TimelineJson.write(t, file);
    assertThat(TimelineJson.read(file)).isEqualTo(t);
    assertThat(TimelineJson.toJson(t))
        .contains(
            "\"background_color\" : \"#101010\"",
            "\"is_visible\" : true",
            "\"start_time\" : 2.0",
            "\"source_url\" : \"media/b.png\"");
  }

  @Test
  void shapeProblemsAreAllListedWithTheirPaths() {
    String bad =
        """
        {"resolution": "wide", "fps": 29.97, "tracks": [
          {"type": "image", "is_visible": "yes", "clips": [{"type": 3, "start_time": "0"}]},
          7]}
        """;
    assertThatThrownBy(() -> TimelineJson.parse(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "the timeline document has 8 problems:\n"
                + "  - $.resolution: must be WIDTHxHEIGHT like \"1920x1080\" (got 'wide')\n"
                + "  - $.fps: must be a whole number (got 29.97)\n"
                + "  - $.duration: is required\n"
                + "  - $.tracks[0].clips[0].type: must be a string (got 3)\n"
                + "  - $.tracks[0].clips[0].start_time: must be a number (got \"0\")\n"
                + "  - $.tracks[0].clips[0].duration: is required\n"
                + "  - $.tracks[0].is_visible: must be true or false\n"
                + "  - $.tracks[1]: must be an object"
                + "");
  }

  @Test
  void notJsonAndMissingFilesSayWhatIsWrong() throws Exception {
    assertThatThrownBy(() -> TimelineJson.parse("{\"fps\": "))
        .hasMessageStartingWith("not valid JSON: ");
    Path file = dir.resolve("broken.json");
    Files.writeString(file, "[1, 2]");
    assertThatThrownBy(() -> TimelineJson.read(file))
        .hasMessageContaining(file + ": the timeline document has");
    assertThatThrownBy(() -> TimelineJson.read(dir.resolve("none.json")))
        .hasMessageContaining("cannot read timeline file " + dir.resolve("none.json"));
  }

  @Test
  void sourcesAreCheckedForExistenceAndAllowedSchemes() throws Exception {
    Files.createDirectories(dir.resolve("media"));
    Files.writeString(dir.resolve("media/a.png"), "x");
    Files.writeString(dir.resolve("abs.wav"), "x");
    TimelineDocument t =
        new TimelineDocument(
            "t",
            "sources",
            640,
            360,
            30,
            "#000000",
            "fade",
            2,
            List.of(
                new TrackDocument(
                    "p",
                    "Pictures",
                    "image",
                    0,
                    true,
                    List.of(
                        new ClipDocument("ok", "image", 0, 1, "media/a.png", Map.of()),
                        new ClipDocument(
                            "abs",
                            "image",
                            0,
                            1,
                            dir.resolve("abs.wav").toUri().toString(),
                            Map.of()),
                        new ClipDocument("gone", "image", 0, 1, "media/b.png", Map.of()),
                        new ClipDocument(
                            "web", "image", 0, 1, "https://example.com/x.png", Map.of()),
                        new ClipDocument("s3", "image", 0, 1, "s3://bucket/present.png", Map.of()),
                        new ClipDocument(
                            "s3gone", "image", 0, 1, "s3://bucket/absent.png", Map.of()),
                        new ClipDocument("ftp", "image", 0, 1, "ftp://host/x.png", Map.of())))));
    TimelineSources sources = new TimelineSources(dir, url -> url.endsWith("present.png"), false);
    assertThat(sources.problems(t))
        .extracting(TimelineProblem::toString)
        .containsExactly(
            "track 'Pictures' (p), clip gone: source_url media/b.png: no such file "
                + dir.resolve("media/b.png"),
            "track 'Pictures' (p), clip web: source_url https://example.com/x.png: http(s) sources are not allowed"
                + " (download the file and use a local path or s3:// URL)",
            "track 'Pictures' (p), clip s3gone: source_url s3://bucket/absent.png: no such object",
            "track 'Pictures' (p), clip ftp: source_url ftp://host/x.png: unknown scheme 'ftp' (use s3://, a file path or file:)");
    assertThat(new TimelineSources(dir, url -> true, true).problems(t))
        .extracting(TimelineProblem::clipId)
        .containsExactly("gone", "ftp");
    assertThat(TimelineSources.localFiles(dir).problems(t))
        .extracting(TimelineProblem::message)
        .contains("source_url s3://bucket/present.png is in S3 but no object store is configured");
    assertThatThrownBy(() -> sources.requireReachable(t))
        .isInstanceOf(InvalidTimelineException.class)
        .hasMessageStartingWith("timeline 'sources' has 4 problems:");
    assertThat(sources.resolver(null).resolve("media/a.png")).isEqualTo(dir.resolve("media/a.png"));
  }
}
