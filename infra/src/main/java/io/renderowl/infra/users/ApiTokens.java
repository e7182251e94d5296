package io.renderowl.infra.users;

import java.util.Optional;

/** Resolves API bearer tokens to users (tokens are stored hashed in api_tokens). */
public interface ApiTokens {

  /** The user id (UUID string) the token belongs to, if the token is known and active. */
  Optional<String> userIdFor(String bearerToken);
}
