package io.renderowl.infra.templates;

import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** A template as its owner writes it (create or replace). */
public record NewTemplate(
    String name,
    @Nullable String category,
    @Nullable String description,
    boolean isPublic,
    String resolution,
    List<TemplateField> fields,
    JsonNode structure) {
  public NewTemplate {
    fields = List.copyOf(fields);
  }
}
