package io.renderowl.api.internal;

import io.renderowl.infra.templates.MergeFields;
import io.renderowl.infra.templates.NewTemplate;
import io.renderowl.infra.templates.TemplateField;
import io.renderowl.infra.templates.TemplateFieldsJson;
import io.renderowl.workflows.FieldError;
import io.renderowl.workflows.timeline.TimelineDocument;
import io.renderowl.workflows.timeline.TimelineValidator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads template bodies ({@code name}, {@code category}, {@code description}, {@code is_public},
 * {@code fields}, {@code structure}) and merge bodies, and checks a template's structure: its
 * fields declared, then filled with defaults and samples, read as a timeline and checked by {@link
 * TimelineValidator}. Every problem at once, each naming its field ({@code structure.tracks[0]...}
 * for the shape, {@code structure.tracks.<id>...} for the meaning).
 */
final class TemplateBodies {

  private TemplateBodies() {}

  /** Keys of a stored timeline's view that are not part of a template's structure. */
  private static final List<String> NOT_STRUCTURE =
      List.of("id", "project_id", "version", "created_at", "updated_at");

  static NewTemplate template(JsonNode body, JsonMapper json) {
    return template(body, body == null ? null : body.get("structure"), json);
  }

  /** A template whose structure is a stored timeline's view (saving a timeline as a template). */
  static NewTemplate fromTimeline(JsonNode body, JsonNode timelineView, JsonMapper json) {
    ObjectNode structure = ((ObjectNode) timelineView).deepCopy();
    NOT_STRUCTURE.forEach(structure::remove);
    for (JsonNode track : structure.path("tracks")) {
      ((ObjectNode) track).remove("timeline_id");
      for (JsonNode clip : track.path("clips")) {
        ((ObjectNode) clip).remove("track_id");
      }
    }
    return template(body, structure, json);
  }

  private static NewTemplate template(
      @Nullable JsonNode body, @Nullable JsonNode structure, JsonMapper json) {
    if (body == null || !body.isObject()) {
      throw new ApiException(ApiError.validation("Request body must be a JSON object", List.of()));
    }
    List<FieldError> problems = new ArrayList<>();
    String name = text(body, "name", 255, true, problems);
    String category = text(body, "category", 100, false, problems);
    String description = text(body, "description", 10_000, false, problems);
    JsonNode isPublic = body.get("is_public");
    if (isPublic != null && !isPublic.isNull() && !isPublic.isBoolean()) {
      problems.add(new FieldError("is_public", "must be true or false"));
    }
    var fields = TemplateFieldsJson.read(body.get("fields"));
    problems.addAll(fields.problems());
    String resolution = "";
    if (structure == null || !structure.isObject()) {
      problems.add(new FieldError("structure", "is required: a timeline document (an object)"));
    } else {
      problems.addAll(MergeFields.declarationProblems(fields.fields(), structure));
      if (problems.isEmpty()) {
        problems.addAll(structureProblems(fields.fields(), structure, json));
      }
      JsonNode r = structure.get("resolution");
      resolution = r != null && r.isString() ? r.asString() : "";
    }
    if (!problems.isEmpty()) {
      throw new ApiException(ApiError.validation("Invalid template", problems));
    }
    return new NewTemplate(
        java.util.Objects.requireNonNull(name).strip(),
        category,
        description,
        isPublic != null && isPublic.isBoolean() && isPublic.booleanValue(),
        resolution,
        fields.fields(),
        java.util.Objects.requireNonNull(structure));
  }

  /** The problems of the structure filled with defaults and samples, under {@code structure.}. */
  static List<FieldError> structureProblems(
      List<TemplateField> fields, JsonNode structure, JsonMapper json) {
    JsonNode filled = MergeFields.fill(structure, MergeFields.samples(fields));
    TimelineDocument doc;
    try {
      doc = TimelineBodies.timeline(filled, json).document();
    } catch (ApiException e) {
      return e.error().details().stream()
          .map(d -> new FieldError("structure." + d.field(), d.message()))
          .toList();
    }
    return TimelineValidator.problems(doc).stream()
        .map(p ->
            new FieldError(
                p.trackId() == null
                    ? "structure"
                    : "structure.tracks."
                        + p.trackId()
                        + (p.clipId() == null ? "" : ".clips." + p.clipId()),
                p.toString()))
        .toList();
  }

  /** The {@code merge} object of a use/instantiate body as plain values. */
  static Map<String, Object> merge(@Nullable JsonNode merge, JsonMapper json) {
    if (merge == null || merge.isNull()) {
      return Map.of();
    }
    if (!merge.isObject()) {
      throw new ApiException(
          ApiError.validation(
              "Invalid input",
              List.of(new FieldError("merge", "must be an object of field names and values"))));
    }
    Map<String, Object> values = new LinkedHashMap<>();
    List<FieldError> problems = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : merge.properties()) {
      JsonNode v = e.getValue();
      if (v.isNull()) {
        continue;
      }
      if (v.isNumber()) {
        values.put(e.getKey(), v.numberValue());
      } else if (v.isString()) {
        values.put(e.getKey(), v.asString());
      } else {
        problems.add(new FieldError("merge." + e.getKey(), "must be a string or a number"));
      }
    }
    if (!problems.isEmpty()) {
      throw new ApiException(ApiError.validation("Invalid merge values", problems));
    }
    return values;
  }

  private static @Nullable String text(
      JsonNode body, String key, int max, boolean required, List<FieldError> problems) {
    JsonNode v = body.get(key);
    if (v == null || v.isNull()) {
      if (required) {
        problems.add(new FieldError(key, "is required"));
      }
      return null;
    }
    if (!v.isString() || (required && v.asString().isBlank())) {
      problems.add(
          new FieldError(key, required ? "must be a non-empty string" : "must be a string"));
      return null;
    }
    if (v.asString().length() > max) {
      problems.add(new FieldError(key, "must be at most " + max + " characters"));
      return null;
    }
    return v.asString();
  }
}
