package io.renderowl.infra.net;

/**
 * A URL the server will not fetch on a user's behalf; the message names the URL's host and why
 * (e.g. {@code 169.254.169.254 is a link-local address}). Bad input: never worth a retry.
 */
public final class UrlRefusedException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public UrlRefusedException(String message) {
    super(message);
  }
}
