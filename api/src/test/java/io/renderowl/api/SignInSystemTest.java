package io.renderowl.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.renderowl.api.ApiClient.Reply;
import io.renderowl.infra.users.LocalUser;
import io.renderowl.infra.users.Role;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Sign-in end to end: the built-in issuer (login, refresh rotation, reuse detection, logout, the
 * JWKS), API keys, the profile, admin-only endpoints, external JWTs verified against a
 * WireMock-served JWKS, and the per-user rate limit.
 */
class SignInSystemTest extends AccountsStack {

  @Autowired LocalUser localUser;

  @Test
  void aLocalUserSignsInUsesTheAccessTokenAndRotatesTheRefreshToken() {
    TestUser ada = newUser("ada", Role.USER);

    Reply login = login(ada.email(), TestUser.PASSWORD);
    assertThat(login.status()).as(login.body()).isEqualTo(200);
    String access = login.text("/data/access_token");
    String refresh = login.text("/data/refresh_token");
    assertThat(login.text("/data/token_type")).isEqualTo("Bearer");
    assertThat(login.json().at("/data/expires_in").asLong()).isBetween(800L, 900L);
    assertThat(login.text("/data/user/email")).isEqualTo(ada.email());
    assertThat(login.header("Set-Cookie"))
        .startsWith("renderowl_refresh=" + refresh)
        .contains("HttpOnly", "Secure", "SameSite=Strict", "Path=/api/v1/auth");

    Reply me = api.get("/api/v1/user", "Authorization", "Bearer " + access);
    assertThat(me.status()).as(me.body()).isEqualTo(200);
    assertThat(me.text("/data/id")).isEqualTo(ada.id().toString());
    assertThat(me.text("/data/role")).isEqualTo("user");

    Reply rotated = refresh("{\"refresh_token\":\"" + refresh + "\"}");
    assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
    String next = rotated.text("/data/refresh_token");
    assertThat(next).isNotEqualTo(refresh);
    assertThat(
            api.get("/api/v1/user", "Authorization", "Bearer " + rotated.text("/data/access_token"))
                .status())
        .isEqualTo(200);

    // The cookie alone refreshes as well.
    Reply byCookie = api.post("/api/v1/auth/refresh", "", "Cookie", "renderowl_refresh=" + next);
    assertThat(byCookie.status()).as(byCookie.body()).isEqualTo(200);
  }

  @Test
  void reusingAUsedRefreshTokenRevokesItsWholeFamily() {
    TestUser bo = newUser("bo", Role.USER);
    String first = login(bo.email(), TestUser.PASSWORD).text("/data/refresh_token");
    String second = refresh(body(first)).text("/data/refresh_token");

    Reply replay = refresh(body(first));
    assertThat(replay.status()).isEqualTo(401);
    assertThat(replay.text("/error/message")).contains("already used");

    // The thief's replay also cost the legitimate holder the newest token of the family.
    assertThat(refresh(body(second)).status()).isEqualTo(401);
    // Another sign-in starts a new family that works.
    String fresh = login(bo.email(), TestUser.PASSWORD).text("/data/refresh_token");
    assertThat(refresh(body(fresh)).status()).isEqualTo(200);
  }

  @Test
  void logoutRevokesTheRefreshTokenAndClearsTheCookie() {
    TestUser cy = newUser("cy", Role.USER);
    String refresh = login(cy.email(), TestUser.PASSWORD).text("/data/refresh_token");

    Reply out = api.post("/api/v1/auth/logout", body(refresh), "Content-Type", "application/json");
    assertThat(out.status()).as(out.body()).isEqualTo(200);
    assertThat(out.json().at("/data/revoked").asBoolean()).isTrue();
    assertThat(out.header("Set-Cookie")).contains("renderowl_refresh=;", "Max-Age=0");
    assertThat(refresh(body(refresh)).status()).isEqualTo(401);
  }

  @Test
  void wrongPasswordsUnknownEmailsAndMissingFieldsAreRefusedPlainly() {
    TestUser di = newUser("di", Role.USER);

    Reply wrong = login(di.email(), "not the password");
    Reply unknown = login("nobody-" + UUID.randomUUID() + "@accounts.test", TestUser.PASSWORD);
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(wrong.text("/error/message")).isEqualTo(unknown.text("/error/message"));

    Reply missing =
        api.post("/api/v1/auth/login", "{\"email\":\"x@y.z\"}", "Content-Type", "application/json");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.detailFor("password")).contains("required");
    assertThat(refresh("{}").status()).isEqualTo(400);
  }

  @Test
  void theAccessTokensSigningKeyIsPublishedAsAJwkSetWithoutItsPrivateParts() {
    Reply jwks = api.get("/.well-known/jwks.json");
    assertThat(jwks.status()).isEqualTo(200);
    assertThat(jwks.json().at("/keys/0/kty").asText()).isEqualTo("RSA");
    assertThat(jwks.json().at("/keys/0/kid").asText()).isNotBlank();
    assertThat(jwks.json().at("/keys/0/n").asText()).isNotBlank();
    assertThat(jwks.json().at("/keys/0").has("d")).isFalse();
  }

  @Test
  void apiKeysAreShownOnceListedByPrefixAndStopWorkingWhenRevoked() {
    TestUser ed = newUser("ed", Role.USER);

    Reply created = api.post("/api/v1/user/api-keys", "{\"name\":\"ci\"}", ed.auth());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String secret = created.text("/data/secret");
    String id = created.text("/data/key/id");
    assertThat(secret).startsWith("owl_").hasSizeGreaterThan(40);
    String[] withNewKey = {"Authorization", "Bearer " + secret};
    assertThat(api.get("/api/v1/user", withNewKey).status()).isEqualTo(200);

    Reply list = api.get("/api/v1/user/api-keys?page=1&limit=10", ed.auth());
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().at("/pagination/total").asLong()).isEqualTo(2);
    assertThat(list.body()).doesNotContain(secret).contains(secret.substring(0, 10));

    Reply revoked =
        api.send(
            "DELETE",
            "/api/v1/user/api-keys/" + id,
            HttpRequest.BodyPublishers.noBody(),
            ed.auth());
    assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
    Reply after = api.get("/api/v1/user", withNewKey);
    assertThat(after.status()).isEqualTo(401);
    assertThat(after.text("/error/message")).contains("revoked");
    assertThat(api.post("/api/v1/user/api-keys", "{\"name\":\"\"}", ed.auth()).status())
        .isEqualTo(400);
  }

  @Test
  void theProfileChangesNameAndAvatarButRefusesAnEmailChange() {
    TestUser flo = newUser("flo", Role.USER);

    Reply patched =
        api.send(
            "PATCH",
            "/api/v1/user",
            HttpRequest.BodyPublishers.ofString(
                "{\"name\":\"Flo R.\",\"avatar_url\":\"https://img.example/flo.png\"}"),
            flo.auth());
    assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    assertThat(patched.text("/data/name")).isEqualTo("Flo R.");
    assertThat(patched.text("/data/avatar_url")).isEqualTo("https://img.example/flo.png");

    Reply email =
        api.send(
            "PATCH",
            "/api/v1/user",
            HttpRequest.BodyPublishers.ofString("{\"email\":\"new@accounts.test\"}"),
            flo.auth());
    assertThat(email.status()).isEqualTo(400);
    assertThat(email.detailFor("email")).contains("re-verification");
    Reply avatar =
        api.send(
            "PATCH",
            "/api/v1/user",
            HttpRequest.BodyPublishers.ofString("{\"avatar_url\":\"javascript:alert(1)\"}"),
            flo.auth());
    assertThat(avatar.status()).isEqualTo(400);
    assertThat(api.get("/api/v1/user", flo.auth()).text("/data/email")).isEqualTo(flo.email());
  }

  @Test
  void systemJobsAreRefusedToUsersAndOpenToAdmins() {
    TestUser gus = newUser("gus", Role.USER);
    String[] admin = {"Authorization", "Bearer " + localUser.apiKey()};

    Reply list = api.get("/api/v1/jobs", gus.auth());
    Reply run = api.post("/api/v1/jobs/stuck-run-reaper/run", "", gus.auth());
    assertThat(list.status()).isEqualTo(403);
    assertThat(list.text("/error/code")).isEqualTo("FORBIDDEN");
    assertThat(run.status()).isEqualTo(403);

    assertThat(api.get("/api/v1/jobs", admin).status()).isEqualTo(200);
    assertThat(api.get("/api/v1/user", admin).text("/data/role")).isEqualTo("admin");
  }

  @Test
  void theWellKnownDevTokenIsGoneAndTheLocalKeyIsRandom() {
    assertThat(localUser.apiKey()).startsWith("owl_").isNotEqualTo("owl-dev-token");
    assertThat(api.get("/api/v1/user", "Authorization", "Bearer owl-dev-token").status())
        .isEqualTo(401);
  }

  @Test
  void aValidIdentityProviderJwtSignsInAndCreatesTheUserBySubject() {
    String subject = "user_" + UUID.randomUUID().toString().replace("-", "");
    String token = idpToken(IDP_KEY, c -> c.subject(subject).claim("email", subject + "@idp.test"));

    Reply me = api.get("/api/v1/user", "Authorization", "Bearer " + token);
    assertThat(me.status()).as(me.body()).isEqualTo(200);
    assertThat(me.text("/data/email")).isEqualTo(subject + "@idp.test");
    Reply again = api.get("/api/v1/user", "Authorization", "Bearer " + token);
    assertThat(again.text("/data/id")).isEqualTo(me.text("/data/id"));
  }

  @Test
  void identityProviderJwtsThatFailACheckAreRefusedWithTheReason() {
    Instant now = Instant.now();
    String sub = "user_refused";
    assertRefused(
        idpToken(
            IDP_KEY,
            c ->
                c.subject(sub)
                    .issueTime(Date.from(now.minusSeconds(600)))
                    .notBeforeTime(Date.from(now.minusSeconds(600)))
                    .expirationTime(Date.from(now.minusSeconds(120)))),
        "expired");
    assertRefused(
        idpToken(IDP_KEY, c -> c.subject(sub).notBeforeTime(Date.from(now.plusSeconds(300)))),
        "used before");
    assertRefused(idpToken(IDP_KEY, c -> c.subject(sub).issuer("https://evil.test")), "issuer");
    assertRefused(idpToken(rsaKey(IDP_KEY.getKeyID()), c -> c.subject(sub)), "signature");
    assertRefused(idpToken(IDP_KEY, c -> c.subject(sub).claim("azp", "https://evil.test")), "azp");
    // Within the clock skew (30 s) an expired token still passes.
    assertThat(
            api.get(
                    "/api/v1/user",
                    "Authorization",
                    "Bearer "
                        + idpToken(
                            IDP_KEY,
                            c ->
                                c.subject("user_skew")
                                    .issueTime(Date.from(now.minusSeconds(600)))
                                    .notBeforeTime(Date.from(now.minusSeconds(600)))
                                    .expirationTime(Date.from(now.minusSeconds(5)))))
                .status())
        .isEqualTo(200);
  }

  @Test
  void aUserSendingTooFastGets429WithRetryAfter() {
    TestUser hal = newUser("hal", Role.USER);
    Reply last = null;
    for (int i = 0; i <= RATE_BURST + 50; i++) {
      last = api.get("/api/v1/user", hal.auth());
      if (last.status() != 200) {
        break;
      }
    }
    assertThat(last).isNotNull();
    assertThat(last.status()).as(last.body()).isEqualTo(429);
    assertThat(last.text("/error/code")).isEqualTo("RATE_LIMITED");
    assertThat(Long.parseLong(last.header("Retry-After"))).isBetween(1L, 2L);
    // Other users draw from their own buckets.
    assertThat(api.get("/api/v1/user", newUser("ivy", Role.USER).auth()).status()).isEqualTo(200);
  }

  private void assertRefused(String token, String reason) {
    Reply reply = api.get("/api/v1/user", "Authorization", "Bearer " + token);
    assertThat(reply.status()).as(reply.body()).isEqualTo(401);
    assertThat(reply.header("WWW-Authenticate")).contains("invalid_token");
    assertThat(reply.text("/error/message")).containsIgnoringCase(reason);
  }

  /** A token as the identity provider would sign it: valid for 5 minutes, azp allowed. */
  private static String idpToken(RSAKey key, Consumer<JWTClaimsSet.Builder> change) {
    Instant now = Instant.now();
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer(IDP_ISSUER)
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now.minusSeconds(5)))
            .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
            .claim("azp", IDP_AZP);
    change.accept(claims);
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256)
                  .keyID(key.getKeyID())
                  .type(JOSEObjectType.JWT)
                  .build(),
              claims.build());
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private Reply login(String email, String password) {
    return api.post(
        "/api/v1/auth/login",
        "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}",
        "Content-Type",
        "application/json");
  }

  private Reply refresh(String body) {
    return api.post("/api/v1/auth/refresh", body, "Content-Type", "application/json");
  }

  private static String body(String refreshToken) {
    return "{\"refresh_token\":\"" + refreshToken + "\"}";
  }
}
