package io.renderowl.activities.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.renderowl.workflows.Aspect;
import io.renderowl.workflows.Narration;
import io.renderowl.workflows.Scene;
import io.renderowl.workflows.Visual;
import io.renderowl.workflows.timeline.TimelineDocument;
import io.renderowl.workflows.timeline.TimelineValidator;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineAssemblerTest {

  private static TimelineDocument assemble(Aspect aspect, boolean preview) {
    List<Scene> scenes = List.of(new Scene(0, "One.", "a", 3), new Scene(1, "Two.", "b", 3));
    List<Visual> visuals =
        List.of(new Visual(0, "k0", 1080, 1920, "p"), new Visual(1, "k1", 1080, 1920, "p"));
    List<Narration> narrations =
        List.of(new Narration(0, "n0", 1.5, "e"), new Narration(1, "n1", 2.0, "e"));
    return new TimelineAssembler()
        .assemble("t", aspect, preview, scenes, visuals, narrations, key -> "s3://b/" + key);
  }

  @Test
  void fullQualityUsesTheAspectsResolutionAndPreviewA360PixelShortSide() {
    assertThat(assemble(Aspect.VERTICAL, false))
        .satisfies(t -> {
          assertThat(t.width()).isEqualTo(1080);
          assertThat(t.height()).isEqualTo(1920);
        });
    assertThat(assemble(Aspect.VERTICAL, true))
        .satisfies(t -> {
          assertThat(t.width()).isEqualTo(360);
          assertThat(t.height()).isEqualTo(640);
        });
    assertThat(assemble(Aspect.LANDSCAPE, true).width()).isEqualTo(640);
  }

  @Test
  void shortNarrationIsPaddedToTheRequestedDurationButNeverBeyondIt() {
    List<Visual> visuals =
        List.of(new Visual(0, "k0", 1080, 1920, "p"), new Visual(1, "k1", 1080, 1920, "p"));
    List<Scene> scenes = List.of(new Scene(0, "One.", "a", 5), new Scene(1, "Two.", "b", 5));
    TimelineAssembler assembler = new TimelineAssembler();

    // Both short: each scene padded to its share, 10 s in all.
    assertThat(
            assembler
                .assemble(
                    "t",
                    Aspect.VERTICAL,
                    true,
                    scenes,
                    visuals,
                    List.of(new Narration(0, "n0", 3.0, "e"), new Narration(1, "n1", 3.0, "e")),
                    k -> k)
                .durationSeconds())
        .isCloseTo(10.0, within(0.05));
    // One long, one short: the short one's pause is cut so the video stays at 10 s, not 12.
    TimelineDocument mixed =
        assembler.assemble(
            "t",
            Aspect.VERTICAL,
            true,
            scenes,
            visuals,
            List.of(new Narration(0, "n0", 6.25, "e"), new Narration(1, "n1", 2.25, "e")),
            k -> k);
    assertThat(mixed.durationSeconds()).isCloseTo(10.0, within(0.05));
    assertThat(TimelineValidator.problems(mixed)).isEmpty();
    // Both long: the narration decides.
    assertThat(
            assembler
                .assemble(
                    "t",
                    Aspect.VERTICAL,
                    true,
                    scenes,
                    visuals,
                    List.of(new Narration(0, "n0", 5.25, "e"), new Narration(1, "n1", 5.25, "e")),
                    k -> k)
                .durationSeconds())
        .isCloseTo(12.0, within(0.05));
  }

  @Test
  void assembledTimelinesAreValid() {
    assertThat(TimelineValidator.problems(assemble(Aspect.SQUARE, false))).isEmpty();
  }
}
