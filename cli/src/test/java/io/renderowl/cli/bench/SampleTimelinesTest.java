package io.renderowl.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderowl.activities.timeline.TimelineJson;
import io.renderowl.workflows.timeline.ClipDocument;
import io.renderowl.workflows.timeline.TimelineDocument;
import io.renderowl.workflows.timeline.TimelineValidator;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The sample timelines shipped as resources are what the generator writes, and valid. */
class SampleTimelinesTest {

  private static TimelineDocument resource(String name) throws Exception {
    try (InputStream in = SampleTimelinesTest.class.getResourceAsStream("/timelines/" + name)) {
      return TimelineJson.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void w1MatchesTheWorkload() throws Exception {
    TimelineDocument w1 = resource("w1.json");
    assertThat(w1).isEqualTo(SampleTimelines.w1("w1", 1920, 1080, "w1-media", 1));
    assertThat(resource("w1v.json"))
        .isEqualTo(SampleTimelines.w1("w1v", 1080, 1920, "w1v-media", 1));
    assertThat(w1.frameCount()).isEqualTo(900);
    assertThat(w1.tracks().getFirst().clips())
        .extracting(ClipDocument::startTime)
        .containsExactly(0.0, 6.0, 12.0, 18.0, 24.0);
    assertThat(TimelineValidator.problems(w1)).isEmpty();
    TimelineDocument fiveMinutes = SampleTimelines.w1("w1-long", 1920, 1080, "w1-media", 10);
    assertThat(fiveMinutes.frameCount()).isEqualTo(9000);
    assertThat(TimelineValidator.problems(fiveMinutes)).isEmpty();
  }

  @Test
  void showcaseUsesEveryClipTypeAndTransition() throws Exception {
    TimelineDocument showcase = resource("showcase.json");
    double voiceSeconds =
        showcase.tracks().stream()
            .filter(t -> t.id().equals("voice"))
            .findFirst()
            .orElseThrow()
            .clips()
            .getFirst()
            .duration();
    assertThat(showcase).isEqualTo(SampleTimelines.showcase("showcase-media", voiceSeconds));
    assertThat(TimelineValidator.problems(showcase)).isEmpty();
    Set<String> types =
        showcase.tracks().stream()
            .flatMap(t -> t.clips().stream())
            .map(ClipDocument::type)
            .collect(Collectors.toSet());
    assertThat(types).containsExactlyInAnyOrder("image", "video", "text", "audio", "framecode");
    Set<String> transitions =
        showcase.tracks().getFirst().clips().stream()
            .map(c -> c.text("transitionIn", ""))
            .collect(Collectors.toSet());
    assertThat(transitions)
        .containsExactlyInAnyOrder("none", "crossfade", "slide", "wipe", "zoom", "fade");
  }
}
