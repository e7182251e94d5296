package io.renderowl.infra.users.internal;

import com.nimbusds.jwt.JWTParser;
import io.renderowl.infra.users.Account;
import io.renderowl.infra.users.ApiKey;
import io.renderowl.infra.users.ApiTokens;
import io.renderowl.infra.users.SignedInUser;
import io.renderowl.infra.users.TokenRefused;
import java.text.ParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Tells the three kinds of bearer token apart (an API key by its {@code owl_} prefix, a JWT by its
 * unverified {@code iss}, which only picks the verifier) and verifies each.
 */
public final class BearerAuthenticator implements ApiTokens {

  private final JdbcAccounts accounts;
  private final BuiltInIssuer builtIn;
  private final @Nullable ExternalJwts external;

  public BearerAuthenticator(
      JdbcAccounts accounts, BuiltInIssuer builtIn, @Nullable ExternalJwts external) {
    this.accounts = accounts;
    this.builtIn = builtIn;
    this.external = external;
  }

  @Override
  public SignedInUser authenticate(String bearerToken) {
    if (bearerToken.startsWith(ApiKey.KEY_PREFIX)) {
      return accounts
          .ownerOfKey(bearerToken)
          .map(BearerAuthenticator::signedIn)
          .orElseThrow(
              () -> new TokenRefused("The API key is unknown or revoked, or its user is disabled"));
    }
    String issuer = unverifiedIssuer(bearerToken);
    if (issuer.equals(builtIn.issuer())) {
      Jwt jwt = verified(() -> builtIn.decode(bearerToken));
      return active(accounts.find(uuid(jwt.getSubject())));
    }
    if (external != null && issuer.equals(external.issuer())) {
      Jwt jwt = verified(() -> external.decode(bearerToken));
      String subject = jwt.getSubject();
      if (subject == null || subject.isBlank() || subject.length() > 255) {
        throw new TokenRefused("The token has no usable sub claim");
      }
      String email = jwt.getClaimAsString("email");
      if (email == null || email.isBlank()) {
        // Clerk's default session token has no email; a placeholder keeps users.email unique.
        email = subject.toLowerCase(Locale.ROOT) + "@users.external.invalid";
      }
      Optional<Account> account = accounts.external(subject, email);
      if (account.isEmpty()) {
        throw new TokenRefused("The token's email belongs to another user of this installation");
      }
      return active(account);
    }
    throw new TokenRefused("Tokens of issuer '" + printable(issuer) + "' are not accepted here");
  }

  private static SignedInUser active(Optional<Account> account) {
    return account
        .filter(Account::active)
        .map(BearerAuthenticator::signedIn)
        .orElseThrow(() -> new TokenRefused("The token's user is unknown or disabled"));
  }

  private static SignedInUser signedIn(Account account) {
    return new SignedInUser(account.id().toString(), account.role());
  }

  private static UUID uuid(@Nullable String subject) {
    try {
      return UUID.fromString(String.valueOf(subject));
    } catch (IllegalArgumentException e) {
      throw new TokenRefused("The token's sub claim is not a user id");
    }
  }

  private static String unverifiedIssuer(String token) {
    try {
      String issuer = JWTParser.parse(token).getJWTClaimsSet().getIssuer();
      if (issuer == null) {
        throw new TokenRefused("The token has no iss claim");
      }
      return issuer;
    } catch (ParseException e) {
      throw new TokenRefused("The token is neither an API key nor a JWT");
    }
  }

  private static Jwt verified(java.util.function.Supplier<Jwt> decode) {
    try {
      return decode.get();
    } catch (JwtValidationException e) {
      throw new TokenRefused(
          "The token is not valid: "
              + e.getErrors().stream()
                  .map(OAuth2Error::getDescription)
                  .collect(Collectors.joining("; ")));
    } catch (JwtException e) {
      throw new TokenRefused("The token is not valid: " + e.getMessage());
    }
  }

  private static String printable(String s) {
    String cut = s.length() > 100 ? s.substring(0, 100) + "..." : s;
    return cut.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
