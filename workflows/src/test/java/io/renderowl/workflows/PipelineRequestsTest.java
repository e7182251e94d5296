package io.renderowl.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineRequestsTest {
  static final String USER = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";

  static PipelineRequest request(String topic, String key) {
    return new PipelineRequest(
        USER, topic, Aspect.VERTICAL, 30, "en", List.of("local-folder"), key);
  }

  @Test
  void theSameRequestAlwaysMapsToTheSameRunId() {
    assertThat(PipelineRequests.runId(request("bees", "a")))
        .isEqualTo(PipelineRequests.runId(request("bees", "a")))
        .startsWith("run-")
        .hasSize(24);
  }

  @Test
  void anotherKeyOrTopicIsAnotherRun() {
    String id = PipelineRequests.runId(request("bees", "a"));
    assertThat(PipelineRequests.runId(request("bees", "b"))).isNotEqualTo(id);
    assertThat(PipelineRequests.runId(request("wasps", "a"))).isNotEqualTo(id);
  }

  @Test
  void aValidRequestHasNoErrors() {
    assertThat(PipelineRequests.validate(request("bees", ""))).isEmpty();
  }

  @Test
  void everyProblemIsReportedWithItsField() {
    PipelineRequest bad =
        new PipelineRequest("me", "", null, 3, "en; rm -rf", List.of("Bad Platform"), "");
    assertThat(PipelineRequests.validate(bad))
        .extracting(FieldError::field)
        .containsExactly("user_id", "topic", "aspect", "duration", "voice", "platforms");
  }

  @Test
  void styleLanguageAndQualityDefaultAndAreValidated() {
    PipelineRequest defaults = request("bees", "");
    assertThat(defaults.style()).isEqualTo("educational");
    assertThat(defaults.language()).isEqualTo("en");
    assertThat(defaults.quality()).isEqualTo("full");
    assertThat(defaults.preview()).isFalse();
    PipelineRequest bad =
        new PipelineRequest(
            defaults.userId(),
            "bees",
            Aspect.VERTICAL,
            30,
            "en",
            List.of("local-folder"),
            "",
            "poetry",
            "English!",
            "4k");
    assertThat(PipelineRequests.validate(bad))
        .extracting(FieldError::field)
        .containsExactly("style", "language", "quality");
  }

  @Test
  void newOptionsChangeTheRunIdOnlyWhenTheyDifferFromTheirDefaults() {
    PipelineRequest plain = request("bees", "a");
    PipelineRequest explicitDefaults =
        new PipelineRequest(
            plain.userId(),
            "bees",
            plain.aspect(),
            plain.durationSeconds(),
            plain.voice(),
            plain.platforms(),
            "a",
            "educational",
            "en",
            "full");
    PipelineRequest preview =
        new PipelineRequest(
            plain.userId(),
            "bees",
            plain.aspect(),
            plain.durationSeconds(),
            plain.voice(),
            plain.platforms(),
            "a",
            "educational",
            "en",
            "preview");
    assertThat(PipelineRequests.runId(explicitDefaults)).isEqualTo(PipelineRequests.runId(plain));
    assertThat(PipelineRequests.runId(preview)).isNotEqualTo(PipelineRequests.runId(plain));
    assertThat(preview.preview()).isTrue();
  }

  @Test
  void aspectParsingNamesTheAcceptedValues() {
    assertThat(Aspect.parse("16:9")).isEqualTo(Aspect.LANDSCAPE);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Aspect.parse("4:3"))
        .hasMessage("aspect must be one of 9:16, 16:9, 1:1 (got '4:3')");
  }

  @Test
  void stagePercentsRiseThroughTheRun() {
    assertThat(Stage.RENDER.percentAt(0)).isEqualTo(40);
    assertThat(Stage.RENDER.percentAt(0.5)).isEqualTo(67);
    assertThat(Stage.RENDER.percentAt(1)).isEqualTo(95);
    assertThat(Stage.COMPLETED.percentAt(0.3)).isEqualTo(100);
  }
}
