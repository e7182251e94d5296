package io.renderowl.infra.templates;

/**
 * Preview posters of templates: one frame of the template's timeline, filled with its defaults and
 * sample values (placeholder pictures for media fields), drawn by the render engine, stored in
 * object storage and recorded against the template's content hash, so each version is drawn once.
 */
public interface TemplatePosters {

  /**
   * The object key of {@code template}'s poster, drawing and storing it first when its content hash
   * has none yet.
   *
   * @throws IllegalArgumentException when the template cannot be drawn
   */
  String poster(StoredTemplate template);

  /** A presigned URL of a poster, valid for an hour. */
  String url(String posterKey);

  /**
   * Deletes the stored posters of the deleted template {@code templateId} (those of its current and
   * earlier contents) that no remaining template shows. Nothing by default.
   */
  default void forget(String templateId) {}
}
