package io.renderowl.api;

import io.renderowl.infra.users.ApiTokens;
import io.renderowl.infra.users.SignedInUser;
import io.renderowl.infra.users.TokenRefused;
import java.util.Map;

/** API tokens from a fixed map of token to signed-in user. */
final class InMemoryApiTokens implements ApiTokens {

  private final Map<String, SignedInUser> usersByToken;

  InMemoryApiTokens(Map<String, SignedInUser> usersByToken) {
    this.usersByToken = Map.copyOf(usersByToken);
  }

  @Override
  public SignedInUser authenticate(String bearerToken) {
    SignedInUser user = usersByToken.get(bearerToken);
    if (user == null) {
      throw new TokenRefused("The API key is unknown or revoked, or its user is disabled");
    }
    return user;
  }
}
