package io.renderowl.infra.users.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.client.RestTemplate;

/**
 * JWTs of an external identity provider (Clerk session tokens or any OIDC provider's): RS256
 * signatures against the provider's JWKS (fetched with timeouts, cached, refetched for an unknown
 * key id), {@code exp}/{@code nbf} within a clock skew, {@code iss}, and {@code azp} from an
 * allow-list when one is configured.
 */
public final class ExternalJwts {

  private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(5);

  private final String issuer;
  private final JwtDecoder decoder;

  /**
   * @param jwksUrl the provider's JWK set
   * @param issuer the {@code iss} tokens must carry
   * @param authorizedParties allowed {@code azp} values; empty: not checked
   * @param clockSkew tolerance for {@code exp} and {@code nbf}
   */
  public ExternalJwts(
      String jwksUrl, String issuer, List<String> authorizedParties, Duration clockSkew) {
    if (issuer.isBlank()) {
      throw new IllegalArgumentException(
          "RENDEROWL_AUTH_JWT_ISSUER must be set with RENDEROWL_AUTH_JWKS_URL");
    }
    SimpleClientHttpRequestFactory http = new SimpleClientHttpRequestFactory();
    http.setConnectTimeout(FETCH_TIMEOUT);
    http.setReadTimeout(FETCH_TIMEOUT);
    NimbusJwtDecoder d =
        NimbusJwtDecoder.withJwkSetUri(jwksUrl).restOperations(new RestTemplate(http)).build();
    List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
    validators.add(new JwtTimestampValidator(clockSkew));
    validators.add(new JwtIssuerValidator(issuer));
    if (!authorizedParties.isEmpty()) {
      List<String> allowed = List.copyOf(authorizedParties);
      validators.add(new JwtClaimValidator<Object>("azp", allowed::contains));
    }
    d.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
    this.issuer = issuer;
    this.decoder = d;
  }

  String issuer() {
    return issuer;
  }

  /**
   * @throws org.springframework.security.oauth2.jwt.JwtException naming what failed
   */
  Jwt decode(String token) {
    return decoder.decode(token);
  }
}
