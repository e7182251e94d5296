package io.renderowl.api.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renderowl.infra.templates.MergeFields;
import io.renderowl.infra.templates.NewTemplate;
import io.renderowl.infra.templates.internal.BuiltInTemplates;
import io.renderowl.workflows.FieldError;
import io.renderowl.workflows.timeline.TimelineDocument;
import io.renderowl.workflows.timeline.TimelineValidator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class TemplateBodiesTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  static final java.util.List<String> KEYS = BuiltInTemplates.KEYS;

  @ParameterizedTest
  @FieldSource("KEYS")
  void everyBuiltInTemplateFilledWithSamplesIsAValidTimeline(String key) {
    NewTemplate t = BuiltInTemplates.read(key);
    assertThat(TemplateBodies.structureProblems(t.fields(), t.structure(), JSON)).isEmpty();
    TimelineDocument doc =
        TimelineBodies.timeline(
                MergeFields.fill(t.structure(), MergeFields.samples(t.fields())), JSON)
            .document();
    assertThat(TimelineValidator.problems(doc)).isEmpty();
    assertThat(t.resolution()).isEqualTo(doc.width() + "x" + doc.height());
  }

  @Test
  void theBuiltInsCoverVerticalLandscapeAndSquare() {
    assertThat(KEYS.stream().map(k -> BuiltInTemplates.read(k).resolution()).distinct())
        .contains("1080x1920", "1920x1080", "1080x1080");
  }

  @Test
  void aWholePlaceholderKeepsItsValuesTypeAndPartsOfTextAreReplaced() throws Exception {
    JsonNode structure =
        JSON.readTree(
            "{\"duration\": \"{{ seconds }}\", \"text\": \"By {{author}}, {{seconds}} s\"}");
    JsonNode filled = MergeFields.fill(structure, Map.of("seconds", 7, "author", "Owl"));
    assertThat(filled.get("duration").isNumber()).isTrue();
    assertThat(filled.get("duration").asInt()).isEqualTo(7);
    assertThat(filled.get("text").asString()).isEqualTo("By Owl, 7 s");
  }

  @Test
  void aMergeNamesEveryMissingUnknownAndMistypedField() {
    NewTemplate t = BuiltInTemplates.read("quote-card");
    var resolved =
        MergeFields.resolve(t.fields(), Map.of("quote", 3, "colour", "red", "background", "blue"));
    assertThat(resolved.problems())
        .extracting(FieldError::field)
        .containsExactlyInAnyOrder(
            "merge.colour", "merge.quote", "merge.author", "merge.background");
    assertThat(MergeFields.resolve(t.fields(), Map.of("quote", "Q", "author", "A")).problems())
        .isEmpty();
  }

  @Test
  void aTemplateUsingAnUndeclaredFieldIsRefused() throws Exception {
    JsonNode body =
        JSON.readTree(
            """
            {"name": "x", "fields": [{"name": "unused", "type": "text", "default": "u"}],
             "structure": {"name": "{{title}}", "resolution": "640x360", "duration": 1}}
            """);
    assertThatThrownBy(() -> TemplateBodies.template(body, JSON))
        .isInstanceOfSatisfying(
            ApiException.class,
            e ->
                assertThat(e.error().details())
                    .extracting(FieldError::field)
                    .containsExactlyInAnyOrder("structure", "fields.unused"));
  }
}
