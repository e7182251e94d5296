package io.renderowl.infra.users;

import java.time.Instant;

/**
 * What a sign-in or a refresh hands out.
 *
 * @param accessToken a short-lived JWT of the built-in issuer
 * @param accessExpiresAt when it expires
 * @param refreshToken a one-time refresh token (opaque)
 * @param refreshExpiresAt when that expires
 * @param account the signed-in user
 */
public record Session(
    String accessToken,
    Instant accessExpiresAt,
    String refreshToken,
    Instant refreshExpiresAt,
    Account account) {

  @Override
  public String toString() {
    return "Session[account=" + account.id() + ", tokens=(hidden)]";
  }
}
