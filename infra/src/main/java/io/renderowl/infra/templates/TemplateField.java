package io.renderowl.infra.templates;

import org.jspecify.annotations.Nullable;

/**
 * One declared merge field of a template.
 *
 * @param name what {@code {{name}}} stands for: letters, digits, {@code _} and dots ({@code
 *     scene.1.text})
 * @param type what it holds
 * @param defaultValue used when a merge leaves it out (a string or a number), null for none
 * @param required whether a merge must give it (a field that is not required has a default)
 * @param description one line for people choosing values
 */
public record TemplateField(
    String name,
    FieldType type,
    @Nullable Object defaultValue,
    boolean required,
    @Nullable String description) {}
