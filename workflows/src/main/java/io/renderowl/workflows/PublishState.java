package io.renderowl.workflows;

import java.util.Locale;

/** Where a publication to a social platform stands (the {@code publications.status} column). */
public enum PublishState {
  /** Waiting on a durable timer for its publish time; can still be cancelled. */
  SCHEDULED,
  /** Bytes are going to the platform (or the platform is fetching them). */
  UPLOADING,
  /** Uploaded (or posted); the platform is still processing it. */
  PROCESSING,
  /** Live on the platform; the remote id and URL are known. */
  PUBLISHED,
  /**
   * The posting request's outcome is unknown (timeout, crash) and the platform's status could not
   * confirm it either way; it is never posted again on its own.
   */
  UNCONFIRMED,
  /** The platform refused it or failed processing; the reason says why. */
  FAILED,
  /** A scheduled post cancelled before it fired. */
  CANCELLED;

  /** The column value: the name in lower case. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether nothing more happens to it. */
  public boolean terminal() {
    return this == PUBLISHED || this == UNCONFIRMED || this == FAILED || this == CANCELLED;
  }
}
