package io.renderowl.activities.template;

import io.renderowl.activities.timeline.TimelineJson;
import io.renderowl.infra.json.Json;
import io.renderowl.infra.templates.MergeFields;
import io.renderowl.infra.templates.NewTemplate;
import io.renderowl.infra.templates.TemplateField;
import io.renderowl.workflows.FieldError;
import io.renderowl.workflows.timeline.TimelineDocument;
import io.renderowl.workflows.timeline.TimelineValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Templates as timelines outside the API (the CLI): a template's declaration and structure checked
 * with samples, and merge values filled into a timeline document.
 */
public final class TemplateTimelines {

  private TemplateTimelines() {}

  /** Every problem of {@code template}: its declaration, then its structure filled with samples. */
  public static List<String> problems(NewTemplate template) {
    List<String> problems = new ArrayList<>();
    MergeFields.declarationProblems(template.fields(), template.structure())
        .forEach(p -> problems.add(p.toString()));
    if (!problems.isEmpty()) {
      return problems;
    }
    try {
      TimelineDocument doc = timeline(template.structure(), MergeFields.samples(template.fields()));
      TimelineValidator.problems(doc).forEach(p -> problems.add("structure: " + p));
    } catch (IllegalArgumentException e) {
      problems.add("structure: " + e.getMessage());
    }
    return problems;
  }

  /**
   * The timeline {@code values} make of a template.
   *
   * @throws IllegalArgumentException naming every missing, unknown or mistyped field, or the
   *     timeline's shape problems
   */
  public static TimelineDocument fill(
      List<TemplateField> fields, JsonNode structure, Map<String, ?> values) {
    var resolved = MergeFields.resolve(fields, values);
    if (!resolved.problems().isEmpty()) {
      throw new IllegalArgumentException(
          "invalid merge values: "
              + String.join("; ", resolved.problems().stream().map(FieldError::toString).toList()));
    }
    return timeline(structure, resolved.values());
  }

  private static TimelineDocument timeline(JsonNode structure, Map<String, ?> values) {
    return TimelineJson.parse(Json.MAPPER.writeValueAsString(MergeFields.fill(structure, values)));
  }
}
