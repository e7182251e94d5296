package io.renderowl.infra.templates;

/** A change of a template that was refused; nothing was changed. */
@SuppressWarnings("serial") // never Java-serialized; only its message travels
public final class TemplateEditException extends RuntimeException {

  /** Why a change was refused. */
  public enum Reason {
    /** No such template for this user (another user's private template included). */
    NOT_FOUND,
    /** The template is readable (built in, or another user's public one) but not the user's. */
    READ_ONLY,
    /** The version the change was based on is not the current one. */
    STALE_VERSION
  }

  private final Reason reason;

  public TemplateEditException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
