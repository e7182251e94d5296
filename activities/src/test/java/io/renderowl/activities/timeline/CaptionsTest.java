package io.renderowl.activities.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderowl.workflows.Aspect;
import io.renderowl.workflows.Narration;
import io.renderowl.workflows.Scene;
import io.renderowl.workflows.Visual;
import io.renderowl.workflows.WordTiming;
import io.renderowl.workflows.timeline.ClipDocument;
import io.renderowl.workflows.timeline.TimelineDocument;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Word timings on caption clips, the music bed, and the SRT/VTT export derived from them. */
class CaptionsTest {
  final TimelineAssembler assembler = new TimelineAssembler();

  TimelineDocument timeline(TimelineAssembler.Music music) {
    List<Scene> scenes =
        List.of(
            new Scene(0, "Octopuses have three hearts.", "octopus", 2.0),
            new Scene(
                1,
                "Two <emphasis>pump</emphasis> blood through the gills, and the third pumps it through the body.",
                "gills",
                2.0));
    List<Visual> visuals =
        List.of(
            new Visual(
                0,
                "runs/r/scenes/0/visual.jpg",
                1920,
                1080,
                "pexels",
                "image",
                "Photo by Mia on Pexels"),
            new Visual(
                1,
                "runs/r/scenes/1/visual.mp4",
                1920,
                1080,
                "pexels-video",
                "video",
                "Video by Ana on Pexels"));
    List<Narration> narrations =
        List.of(
            new Narration(
                0,
                "runs/r/scenes/0/voice.mp3",
                2.0,
                "elevenlabs",
                List.of(
                    new WordTiming("Octopuses", 0.0, 0.6),
                    new WordTiming("have", 0.6, 0.8),
                    new WordTiming("three", 0.8, 1.1),
                    new WordTiming("hearts.", 1.1, 1.7)),
                "provider"),
            new Narration(1, "runs/r/scenes/1/voice.wav", 1.5, "offline:espeak-ng"));
    return assembler.assemble(
        "t", Aspect.LANDSCAPE, false, scenes, visuals, narrations, k -> "s3://b/" + k, music);
  }

  @Test
  void captionClipsCarryWordsFromTheNarrationShiftedByTheVoiceLeadIn() {
    TimelineDocument doc = timeline(null);

    ClipDocument first = doc.tracks().get(1).clips().get(0);
    assertThat(first.content()).containsEntry("highlightColor", TimelineAssembler.HIGHLIGHT_COLOR);
    assertThat((List<?>) first.content().get("words"))
        .first()
        .isEqualTo(Map.of("text", "Octopuses", "start", 0.25, "end", 0.85));
    ClipDocument second = doc.tracks().get(1).clips().get(1);
    assertThat(second.content()).doesNotContainKey("words");
    assertThat(second.content().get("text"))
        .isEqualTo("Two pump blood through the gills, and the third pumps it through the body.");
    assertThat(doc.tracks().get(0).clips())
        .extracting(ClipDocument::type)
        .containsExactly("image", "video");
    assertThat(doc.tracks().get(0).clips().get(1).content())
        .containsEntry("muted", true)
        .containsEntry("loop", true)
        .containsEntry("attribution", "Video by Ana on Pexels");
    assertThat(doc.tracks()).hasSize(3);
  }

  @Test
  void musicIsADuckedBedUnderTheWholeVideo() {
    TimelineDocument doc =
        timeline(new TimelineAssembler.Music("s3://b/library/music/calm/a.mp3", "library:calm"));

    assertThat(doc.tracks()).hasSize(4);
    ClipDocument bed = doc.tracks().get(3).clips().getFirst();
    assertThat(bed.startTime()).isZero();
    assertThat(bed.duration()).isEqualTo(doc.durationSeconds());
    assertThat(bed.content())
        .containsEntry("role", "music")
        .containsEntry("duckUnderSpeech", true)
        .containsEntry("volume", TimelineAssembler.MUSIC_VOLUME);
    assertThat(doc.tracks().get(2).clips())
        .allSatisfy(c -> assertThat(c.content()).containsEntry("role", "voice"));
  }

  @Test
  void srtAndVttCuesFollowTheWords() {
    TimelineDocument doc = timeline(null);
    List<Captions.Cue> cues = Captions.cues(doc);

    assertThat(cues.getFirst())
        .isEqualTo(new Captions.Cue(0.25, 1.95, "Octopuses have three hearts."));
    // The second scene has no timings: one cue for the clip.
    assertThat(cues.get(1).start()).isEqualTo(doc.tracks().get(1).clips().get(1).startTime());
    assertThat(Captions.srt(cues))
        .startsWith("1\n00:00:00,250 --> 00:00:01,950\nOctopuses have three hearts.\n\n2\n");
    assertThat(Captions.vtt(cues))
        .startsWith("WEBVTT\n\n00:00:00.250 --> 00:00:01.950\nOctopuses have three hearts.\n");
    assertThat(Captions.time(3725.5, ',')).isEqualTo("01:02:05,500");
  }
}
