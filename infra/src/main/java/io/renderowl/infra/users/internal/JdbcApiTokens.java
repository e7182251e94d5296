package io.renderowl.infra.users.internal;

import io.renderowl.infra.persistence.UserRepository;
import io.renderowl.infra.users.ApiTokens;
import java.util.Optional;
import java.util.UUID;

/** API tokens looked up (by SHA-256) in the api_tokens table. */
public final class JdbcApiTokens implements ApiTokens {
  private final UserRepository users;

  public JdbcApiTokens(UserRepository users) {
    this.users = users;
  }

  @Override
  public Optional<String> userIdFor(String bearerToken) {
    if (bearerToken == null || bearerToken.isBlank() || bearerToken.length() > 512) {
      return Optional.empty();
    }
    return users.findUserIdByApiToken(bearerToken).map(UUID::toString);
  }
}
