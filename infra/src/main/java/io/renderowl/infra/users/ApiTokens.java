package io.renderowl.infra.users;

/**
 * Resolves what a request sends as {@code Authorization: Bearer <token>} to a user: an API key
 * ({@code owl_...}, stored hashed in api_tokens), an access JWT of the built-in issuer, or a JWT of
 * the configured external identity provider. Disabled users resolve to nothing.
 */
public interface ApiTokens {

  /**
   * The signed-in user.
   *
   * @throws TokenRefused when the token is unknown, revoked, expired, badly signed, from another
   *     issuer or audience, or its user is disabled (the reason says which)
   */
  SignedInUser authenticate(String bearerToken);
}
