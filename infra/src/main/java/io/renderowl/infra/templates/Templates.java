package io.renderowl.infra.templates;

import io.renderowl.infra.pipeline.PageOf;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Templates as users read and write them. A user reads the built-in templates, public templates and
 * their own; another user's private template is unknown to them. Only the owner changes or deletes
 * a template, naming its current version.
 */
public interface Templates {

  /** The templates the user can read: built-ins first, then by name; optionally one category. */
  PageOf<StoredTemplate> list(String userId, @Nullable String category, long offset, int limit);

  /** A template the user can read, by id or by a built-in template's key. */
  Optional<StoredTemplate> find(String userId, String idOrKey);

  /** A template by id or built-in key, whoever owns it (workers filling a run's template). */
  Optional<StoredTemplate> findAny(String idOrKey);

  StoredTemplate create(String userId, NewTemplate template);

  /**
   * @throws TemplateEditException NOT_FOUND, READ_ONLY or STALE_VERSION
   */
  StoredTemplate replace(String userId, String id, long expectedVersion, NewTemplate template);

  /**
   * @throws TemplateEditException NOT_FOUND, READ_ONLY or STALE_VERSION
   */
  void delete(String userId, String id, long expectedVersion);

  /** Records the poster rendered for the template's content {@code hash}. */
  void posterRendered(String id, String hash, String posterKey);

  /**
   * Whether a template (any user's, or a built-in) still shows the poster {@code posterKey}; a
   * poster no template shows may be deleted. Unless an implementation knows, every poster is in
   * use.
   */
  default boolean posterInUse(String posterKey) {
    return true;
  }
}
