package io.renderowl.infra.templates;

import io.renderowl.infra.json.Json;
import io.renderowl.workflows.FieldError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * Declared fields as JSON: {@code [{"name": "title", "type": "text", "default": "...", "required":
 * true, "description": "..."}]}.
 */
public final class TemplateFieldsJson {

  private TemplateFieldsJson() {}

  /** The fields and every shape problem of {@code node} (paths under {@code fields[i]}). */
  public record Read(List<TemplateField> fields, List<FieldError> problems) {
    public Read {
      fields = List.copyOf(fields);
      problems = List.copyOf(problems);
    }
  }

  public static Read read(@Nullable JsonNode node) {
    List<TemplateField> fields = new ArrayList<>();
    List<FieldError> problems = new ArrayList<>();
    if (node == null || node.isNull()) {
      return new Read(fields, problems);
    }
    if (!node.isArray()) {
      problems.add(new FieldError("fields", "must be a list of fields"));
      return new Read(fields, problems);
    }
    for (int i = 0; i < node.size(); i++) {
      JsonNode f = node.get(i);
      String path = "fields[" + i + "]";
      if (!f.isObject()) {
        problems.add(new FieldError(path, "must be an object"));
        continue;
      }
      JsonNode name = f.get("name");
      JsonNode type = f.get("type");
      if (name == null || !name.isString() || name.asString().isBlank()) {
        problems.add(new FieldError(path + ".name", "is required (a string)"));
        continue;
      }
      FieldType fieldType = null;
      if (type == null || !type.isString() || FieldType.of(type.asString()).isEmpty()) {
        problems.add(new FieldError(path + ".type", "must be one of text, number, color, media"));
        continue;
      } else {
        fieldType = FieldType.of(type.asString()).orElseThrow();
      }
      JsonNode required = f.get("required");
      if (required != null && !required.isNull() && !required.isBoolean()) {
        problems.add(new FieldError(path + ".required", "must be true or false"));
      }
      JsonNode description = f.get("description");
      if (description != null && !description.isNull() && !description.isString()) {
        problems.add(new FieldError(path + ".description", "must be a string"));
      }
      JsonNode def = f.get("default");
      Object defaultValue = null;
      if (def != null && !def.isNull()) {
        if (def.isNumber()) {
          defaultValue = def.numberValue();
        } else if (def.isString()) {
          defaultValue = def.asString();
        } else {
          problems.add(new FieldError(path + ".default", "must be a string or a number"));
        }
      }
      fields.add(
          new TemplateField(
              name.asString(),
              fieldType,
              defaultValue,
              required != null && required.isBoolean()
                  ? required.booleanValue()
                  : defaultValue == null,
              description != null && description.isString() ? description.asString() : null));
    }
    return new Read(fields, problems);
  }

  public static ArrayNode write(List<TemplateField> fields) {
    ArrayNode out = Json.MAPPER.createArrayNode();
    for (TemplateField f : fields) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", f.name());
      m.put("type", f.type().jsonName());
      m.put("default", f.defaultValue());
      m.put("required", f.required());
      m.put("description", f.description());
      out.add(Json.MAPPER.<JsonNode>valueToTree(m));
    }
    return out;
  }
}
