package io.renderowl.activities.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.renderowl.infra.templates.NewTemplate;
import io.renderowl.infra.templates.internal.BuiltInTemplates;
import io.renderowl.workflows.Scene;
import io.renderowl.workflows.Visual;
import io.renderowl.workflows.timeline.ClipDocument;
import io.renderowl.workflows.timeline.TimelineDocument;
import io.renderowl.workflows.timeline.TrackDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateFillTest {

  private static final int SCENES = 5;

  /** The default layout of five 6-second scenes: pictures, and a voice track. */
  private static TimelineDocument laidOut() {
    List<ClipDocument> pictures = new ArrayList<>();
    List<ClipDocument> voice = new ArrayList<>();
    for (int i = 0; i < SCENES; i++) {
      pictures.add(new ClipDocument("p" + i, "image", i * 6, 6, "s3://b/p" + i, Map.of()));
      voice.add(
          new ClipDocument("v" + i, "audio", i * 6, 5.5, "s3://b/v" + i, Map.of("role", "voice")));
    }
    return new TimelineDocument(
        "doc",
        "Owls",
        1920,
        1080,
        30,
        "#000000",
        "fade",
        30,
        List.of(
            new TrackDocument("pics", "Scenes", "image", 0, true, pictures),
            new TrackDocument("voice", "Voice", "audio", 2, true, voice)));
  }

  private static List<Scene> scenes() {
    List<Scene> scenes = new ArrayList<>();
    for (int i = 0; i < SCENES; i++) {
      scenes.add(new Scene(i, "Sentence " + i + ".", "prompt " + i, 6));
    }
    return scenes;
  }

  private static List<Visual> visuals() {
    List<Visual> visuals = new ArrayList<>();
    for (int i = 0; i < SCENES; i++) {
      visuals.add(new Visual(i, "runs/r/pictures/" + i + ".png", 640, 640, "offline:procedural"));
    }
    return visuals;
  }

  @Test
  void scenesFillTheSlotsInOrderAndTheTemplateIsStretchedOverTheVoice() {
    NewTemplate t = BuiltInTemplates.read("vertical-captions");
    TimelineDocument doc =
        TemplateFill.fill(
            t.fields(),
            t.structure(),
            "Owl facts",
            "owls",
            scenes(),
            visuals(),
            laidOut(),
            key -> "s3://b/" + key);

    assertThat(doc.width() + "x" + doc.height()).isEqualTo("1080x1920");
    assertThat(doc.durationSeconds()).isEqualTo(30);
    assertThat(doc.tracks())
        .extracting(TrackDocument::name)
        .containsExactly("Pictures", "Captions", "Title", "Voice");
    // five scenes in three slots: [0], [1, 2], [3, 4]
    assertThat(doc.tracks().get(1).clips())
        .extracting(c -> c.text("text", ""))
        .containsExactly("Sentence 0.", "Sentence 1. Sentence 2.", "Sentence 3. Sentence 4.");
    assertThat(doc.tracks().get(0).clips())
        .extracting(ClipDocument::sourceUrl)
        .containsExactly(
            "s3://b/runs/r/pictures/0.png",
            "s3://b/runs/r/pictures/1.png",
            "s3://b/runs/r/pictures/3.png");
    ClipDocument last = doc.tracks().get(1).clips().getLast();
    assertThat(last.startTime()).isCloseTo(20, within(1e-9));
    assertThat(last.endTime()).isCloseTo(30, within(1e-9));
    assertThat(doc.tracks().get(2).clips().getFirst().text("text", "")).isEqualTo("Owl facts");
    assertThat(doc.tracks().get(3).clips()).hasSize(SCENES);
  }

  @Test
  void aTemplateARunCannotFillIsRefusedNamingTheFields() {
    NewTemplate t = BuiltInTemplates.read("quote-card");
    assertThatThrownBy(() ->
            TemplateFill.fill(
                t.fields(),
                t.structure(),
                "Owl facts",
                "owls",
                scenes(),
                visuals(),
                laidOut(),
                key -> "s3://b/" + key))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("merge.quote")
        .hasMessageContaining("merge.author");
  }
}
