package io.renderowl.api;

import io.renderowl.infra.users.ApiTokens;
import java.util.Map;
import java.util.Optional;

/** API tokens from a fixed map of token to user id. */
final class InMemoryApiTokens implements ApiTokens {

  private final Map<String, String> userIdsByToken;

  InMemoryApiTokens(Map<String, String> userIdsByToken) {
    this.userIdsByToken = Map.copyOf(userIdsByToken);
  }

  @Override
  public Optional<String> userIdFor(String bearerToken) {
    return Optional.ofNullable(userIdsByToken.get(bearerToken));
  }
}
