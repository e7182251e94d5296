package io.renderowl.api.internal;

import io.renderowl.infra.users.SignIn;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The built-in issuer's public keys, as a plain JWK set (RFC 7517), for whoever verifies its JWTs.
 */
@RestController
final class WellKnownController {

  static final String JWKS = "/.well-known/jwks.json";

  private final ObjectProvider<SignIn> signIn;

  WellKnownController(ObjectProvider<SignIn> signIn) {
    this.signIn = signIn;
  }

  @GetMapping(path = JWKS, produces = "application/jwk-set+json")
  ResponseEntity<Map<String, Object>> jwks() {
    SignIn s = signIn.getIfAvailable();
    if (s == null) {
      return ResponseEntity.notFound().build();
    }
    return ResponseEntity.ok()
        .cacheControl(CacheControl.maxAge(java.time.Duration.ofMinutes(5)).cachePublic())
        .body(s.publicKeys());
  }
}
