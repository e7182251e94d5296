package io.renderowl.api.internal;

import io.renderowl.infra.users.ApiTokens;
import io.renderowl.infra.users.TokenRefused;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * Authenticates the bearer token that {@code BearerTokenAuthenticationFilter} read: an {@code owl_}
 * API key (looked up by its hash), an access JWT of the built-in issuer or a JWT of the configured
 * identity provider (both verified by Spring Security's {@code NimbusJwtDecoder}: signature,
 * exp/nbf with the clock skew, iss, azp), resolved by {@link ApiTokens} to the user as the database
 * has it now (role, disabled).
 */
final class ApiTokenAuthenticationProvider implements AuthenticationProvider {
  private final ApiTokens tokens;

  ApiTokenAuthenticationProvider(ApiTokens tokens) {
    this.tokens = tokens;
  }

  @Override
  public Authentication authenticate(Authentication authentication) {
    String token = ((BearerTokenAuthenticationToken) authentication).getToken();
    try {
      return new SignedInUserAuthentication(tokens.authenticate(token));
    } catch (TokenRefused e) {
      // The reason says what was wrong with the token; the token itself never appears in it.
      throw new InvalidBearerTokenException(e.getMessage(), e);
    }
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
  }
}
