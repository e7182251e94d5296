package io.renderowl.infra.templates;

import io.renderowl.infra.json.Json;
import io.renderowl.workflows.FieldError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fills a template's {@code {{NAME}}} placeholders. A string value that is exactly one placeholder
 * becomes the field's value with its JSON type (a number stays a number, so durations and sizes can
 * be fields); placeholders inside longer strings are replaced by the value's text. Object keys are
 * never merged. Pure: no I/O.
 */
public final class MergeFields {

  /** A field name: letters, digits and {@code _}, dot-separated parts ({@code scene.1.text}). */
  public static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*(?:\\.[A-Za-z0-9_]+)*");

  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\{\\{\\s*(" + NAME.pattern() + ")\\s*}}");
  private static final Pattern COLOR =
      Pattern.compile("#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})");
  private static final int MAX_TEXT = 10_000;

  private MergeFields() {}

  /** The names of the placeholders in {@code structure}, in document order. */
  public static Set<String> placeholders(JsonNode structure) {
    Set<String> names = new LinkedHashSet<>();
    collect(structure, names);
    return names;
  }

  /**
   * Problems of a template's declaration: field names, duplicates, defaults of the wrong type,
   * optional fields without a default, placeholders that no field declares, fields no placeholder
   * uses. Each names the field ({@code fields.NAME} or {@code structure}).
   */
  public static List<FieldError> declarationProblems(
      List<TemplateField> fields, JsonNode structure) {
    List<FieldError> problems = new ArrayList<>();
    Set<String> declared = new HashSet<>();
    for (TemplateField f : fields) {
      String path = "fields." + f.name();
      if (!NAME.matcher(f.name()).matches()) {
        problems.add(
            new FieldError(path, "name must be letters, digits and _ in dot-separated parts"));
      }
      if (!declared.add(f.name())) {
        problems.add(new FieldError(path, "is declared twice"));
      }
      if (f.defaultValue() != null) {
        String wrong = typeProblem(f, f.defaultValue());
        if (wrong != null) {
          problems.add(new FieldError(path + ".default", wrong));
        }
      } else if (!f.required()) {
        problems.add(new FieldError(path + ".default", "is required when the field is optional"));
      }
    }
    Set<String> used = placeholders(structure);
    for (String name : used) {
      if (!declared.contains(name)) {
        problems.add(new FieldError("structure", "uses {{" + name + "}}, which no field declares"));
      }
    }
    for (TemplateField f : fields) {
      if (declared.contains(f.name()) && !used.contains(f.name())) {
        problems.add(new FieldError("fields." + f.name(), "is not used in the structure"));
      }
    }
    return problems;
  }

  /**
   * The values a merge uses: the given ones, else each field's default.
   *
   * @return the values, or every problem (unknown field, missing required field, wrong type), each
   *     naming {@code merge.NAME}
   */
  public static Resolved resolve(List<TemplateField> fields, Map<String, ?> given) {
    Map<String, TemplateField> byName = new LinkedHashMap<>();
    fields.forEach(f -> byName.put(f.name(), f));
    List<FieldError> problems = new ArrayList<>();
    for (String name : given.keySet()) {
      if (!byName.containsKey(name)) {
        problems.add(new FieldError("merge." + name, "is not a field of this template"));
      }
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (TemplateField f : fields) {
      Object value = given.get(f.name());
      if (value == null) {
        if (f.defaultValue() == null) {
          problems.add(
              new FieldError("merge." + f.name(), "is required (" + f.type().jsonName() + ")"));
          continue;
        }
        value = f.defaultValue();
      }
      String wrong = typeProblem(f, value);
      if (wrong != null) {
        problems.add(new FieldError("merge." + f.name(), wrong));
        continue;
      }
      values.put(f.name(), value);
    }
    return new Resolved(values, problems);
  }

  /**
   * Values of each field's type for checking a template's structure when no merge is given: the
   * default, else a sample of the field's type.
   */
  public static Map<String, Object> samples(List<TemplateField> fields) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (TemplateField f : fields) {
      Object sample =
          f.defaultValue() != null
              ? f.defaultValue()
              : switch (f.type()) {
                case TEXT -> "Sample " + f.name();
                case NUMBER -> 1;
                case COLOR -> "#ffffff";
                case MEDIA -> "templates/sample.png";
              };
      values.put(f.name(), sample);
    }
    return values;
  }

  /** {@code structure} with every placeholder replaced by its value (unknown ones left as is). */
  public static JsonNode fill(JsonNode structure, Map<String, ?> values) {
    return copy(structure, values);
  }

  /** The values of a merge, or why it was refused. */
  public record Resolved(Map<String, Object> values, List<FieldError> problems) {
    public Resolved {
      values = Map.copyOf(values);
      problems = List.copyOf(problems);
    }
  }

  private static @Nullable String typeProblem(TemplateField f, Object value) {
    return switch (f.type()) {
      case NUMBER ->
          value instanceof Number n && Double.isFinite(n.doubleValue()) ? null : "must be a number";
      case TEXT ->
          !(value instanceof String s)
              ? "must be a string"
              : s.length() > MAX_TEXT ? "must be at most " + MAX_TEXT + " characters" : null;
      case COLOR ->
          value instanceof String s && COLOR.matcher(s).matches()
              ? null
              : "must be a colour like \"#ffcc00\"";
      case MEDIA ->
          value instanceof String s && !s.isBlank() && s.length() <= 2048
              ? null
              : "must be a media location (an object key or s3:// URL of this server's storage)";
    };
  }

  private static void collect(JsonNode node, Set<String> names) {
    if (node.isString()) {
      Matcher m = PLACEHOLDER.matcher(node.asString());
      while (m.find()) {
        names.add(m.group(1));
      }
    } else if (node.isContainer()) {
      for (JsonNode child : node.values()) {
        collect(child, names);
      }
    }
  }

  private static JsonNode copy(JsonNode node, Map<String, ?> values) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    if (node.isObject()) {
      ObjectNode out = nodes.objectNode();
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        out.set(e.getKey(), copy(e.getValue(), values));
      }
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = nodes.arrayNode();
      for (JsonNode child : node.values()) {
        out.add(copy(child, values));
      }
      return out;
    }
    if (!node.isString()) {
      return node;
    }
    String text = node.asString();
    Matcher whole = PLACEHOLDER.matcher(text);
    if (whole.matches()) {
      Object value = values.get(whole.group(1));
      return value == null ? node : Json.MAPPER.valueToTree(value);
    }
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      Object value = values.get(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : text(value)));
    }
    m.appendTail(out);
    return nodes.stringNode(out.toString());
  }

  private static String text(Object value) {
    if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString(d.longValue());
    }
    return value.toString();
  }
}
