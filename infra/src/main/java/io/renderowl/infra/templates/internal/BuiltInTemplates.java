package io.renderowl.infra.templates.internal;

import io.renderowl.infra.json.Json;
import io.renderowl.infra.templates.MergeFields;
import io.renderowl.infra.templates.NewTemplate;
import io.renderowl.infra.templates.TemplateFieldsJson;
import io.renderowl.infra.templates.internal.JdbcTemplates.NewBuiltIn;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The templates shipped with the engine, one JSON file each under {@code
 * io/renderowl/infra/templates/builtin/}: {@code name}, {@code category}, {@code description},
 * {@code fields} and {@code structure} (a timeline document with placeholders).
 */
public final class BuiltInTemplates {

  /** The keys of the shipped templates (their file names). */
  public static final List<String> KEYS =
      List.of(
          "vertical-captions", "explainer-16x9", "quote-card", "listicle-9x16", "news-brief-16x9");

  private static final String FOLDER = "/io/renderowl/infra/templates/builtin/";

  private BuiltInTemplates() {}

  static List<NewBuiltIn> load() {
    List<NewBuiltIn> all = new ArrayList<>();
    for (String key : KEYS) {
      all.add(new NewBuiltIn(key, read(key)));
    }
    return all;
  }

  /**
   * One shipped template, checked for its declaration.
   *
   * @throws IllegalStateException when the file is missing or its declaration is wrong
   */
  public static NewTemplate read(String key) {
    JsonNode root;
    try (InputStream in = BuiltInTemplates.class.getResourceAsStream(FOLDER + key + ".json")) {
      if (in == null) {
        throw new IllegalStateException("built-in template '" + key + "' is missing");
      }
      root = Json.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read built-in template '" + key + "'", e);
    }
    var fields = TemplateFieldsJson.read(root.get("fields"));
    JsonNode structure = root.get("structure");
    var problems = new ArrayList<>(fields.problems());
    problems.addAll(MergeFields.declarationProblems(fields.fields(), structure));
    if (!problems.isEmpty()) {
      throw new IllegalStateException("built-in template '" + key + "' is wrong: " + problems);
    }
    return new NewTemplate(
        root.get("name").asString(),
        root.get("category").asString(),
        root.get("description").asString(),
        true,
        structure.get("resolution").asString(),
        fields.fields(),
        structure);
  }
}
