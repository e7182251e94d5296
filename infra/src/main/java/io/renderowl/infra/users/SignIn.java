package io.renderowl.infra.users;

import java.util.Map;
import java.util.Optional;

/**
 * The built-in issuer: email and password for a short-lived access JWT and a one-time refresh
 * token. Using a refresh token that was already used revokes its whole family.
 */
public interface SignIn {

  /** A new session; empty for an unknown email, a wrong password or a disabled user. */
  Optional<Session> login(String email, String password);

  /**
   * The next session of the refresh token's family; empty when the token is unknown, expired,
   * revoked, or already used (which revokes the family).
   */
  Optional<Session> refresh(String refreshToken);

  /** Revokes the refresh token's family; false when the token is unknown. */
  boolean logout(String refreshToken);

  /** The public keys access tokens are signed with, as a JWK set ({@code {"keys": [...]}}). */
  Map<String, Object> publicKeys();
}
