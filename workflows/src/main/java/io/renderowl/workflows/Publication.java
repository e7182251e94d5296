package io.renderowl.workflows;

/**
 * Where a video was published.
 *
 * @param platform e.g. "local-folder"
 * @param location platform URL or path
 * @param publicationId publications.id
 * @param state "published" for the offline publisher, else a {@link PublishState} label
 * @param reason why it failed or is unconfirmed, else empty
 */
public record Publication(
    String platform, String location, String publicationId, String state, String reason) {

  public Publication {
    location = location == null ? "" : location;
    state = state == null || state.isBlank() ? PublishState.PUBLISHED.label() : state;
    reason = reason == null ? "" : reason;
  }

  /** A published video. */
  public Publication(String platform, String location, String publicationId) {
    this(platform, location, publicationId, PublishState.PUBLISHED.label(), "");
  }
}
