package io.renderowl.infra.templates;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A stored template.
 *
 * @param ownerId the user who owns it, null for a built-in template
 * @param builtInKey the built-in template's stable name ({@code vertical-captions}), else null
 * @param isPublic readable by every user (built-ins always are)
 * @param resolution the frame size of its timeline, {@code WIDTHxHEIGHT}
 * @param fields its declared merge fields
 * @param structure the timeline document with {@code {{NAME}}} placeholders (README format)
 * @param version edit version (the API's ETag)
 * @param contentHash SHA-256 of its fields and structure (the poster is rendered per hash)
 * @param posterKey the object key of its poster, once rendered for the current hash
 */
public record StoredTemplate(
    String id,
    @Nullable String ownerId,
    @Nullable String builtInKey,
    String name,
    @Nullable String category,
    @Nullable String description,
    boolean isPublic,
    String resolution,
    List<TemplateField> fields,
    JsonNode structure,
    long version,
    String contentHash,
    @Nullable String posterKey,
    Instant createdAt,
    Instant updatedAt) {

  public StoredTemplate {
    fields = List.copyOf(fields);
  }

  public boolean builtIn() {
    return ownerId == null;
  }

  /** Whether {@code userId} may change or delete it. */
  public boolean ownedBy(String userId) {
    return ownerId != null && ownerId.equals(userId);
  }
}
