package io.renderowl.api.internal;

import io.renderowl.infra.users.Account;
import io.renderowl.infra.users.Session;
import io.renderowl.infra.users.SignIn;
import io.renderowl.workflows.FieldError;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The built-in issuer's sign-in: {@code POST /api/v1/auth/login} (email, password) answers a
 * short-lived access JWT and a one-time refresh token, the latter also as an httpOnly, Secure,
 * SameSite=Strict cookie scoped to {@code /api/v1/auth}; {@code /refresh} rotates it; {@code
 * /logout} revokes its family.
 */
@RestController
final class AuthController {

  static final String LOGIN = "/api/v1/auth/login";
  static final String REFRESH = "/api/v1/auth/refresh";
  static final String LOGOUT = "/api/v1/auth/logout";
  static final String COOKIE = "renderowl_refresh";

  private final ObjectProvider<SignIn> signIn;

  AuthController(ObjectProvider<SignIn> signIn) {
    this.signIn = signIn;
  }

  /** The login body. */
  record Credentials(@Nullable String email, @Nullable String password) {}

  /** The refresh and logout body (optional: the cookie serves as well). */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record RefreshBody(@Nullable String refreshToken) {}

  /** What a sign-in or refresh answers. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record SessionView(
      String accessToken,
      String tokenType,
      long expiresIn,
      Instant expiresAt,
      String refreshToken,
      Instant refreshExpiresAt,
      UserView user) {
    static SessionView of(Session s) {
      return new SessionView(
          s.accessToken(),
          "Bearer",
          Math.max(0, Duration.between(Instant.now(), s.accessExpiresAt()).toSeconds()),
          s.accessExpiresAt(),
          s.refreshToken(),
          s.refreshExpiresAt(),
          UserView.of(s.account()));
    }
  }

  @PostMapping(path = LOGIN, consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Envelope<SessionView>> login(
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @RequestBody Credentials body) {
    List<FieldError> problems = new ArrayList<>();
    if (body.email() == null || body.email().isBlank()) {
      problems.add(new FieldError("email", "is required"));
    }
    if (body.password() == null || body.password().isEmpty()) {
      problems.add(new FieldError("password", "is required"));
    }
    if (!problems.isEmpty()) {
      throw new ApiException(ApiError.invalidInput(problems));
    }
    Session session =
        signIn()
            .login(body.email(), body.password())
            .orElseThrow(() ->
                new ApiException(
                    ApiError.unauthorized("Wrong email or password, or the account is disabled")));
    return withCookie(session, requestId);
  }

  @PostMapping(REFRESH)
  ResponseEntity<Envelope<SessionView>> refresh(
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @RequestBody(required = false) @Nullable RefreshBody body,
      HttpServletRequest request) {
    String token = refreshToken(body, request);
    Session session =
        signIn()
            .refresh(token)
            .orElseThrow(() ->
                new ApiException(
                    ApiError.unauthorized(
                        "The refresh token is unknown, expired, revoked or already used; sign in again")));
    return withCookie(session, requestId);
  }

  @PostMapping(LOGOUT)
  ResponseEntity<Envelope<Map<String, Object>>> logout(
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @RequestBody(required = false) @Nullable RefreshBody body,
      HttpServletRequest request) {
    boolean revoked = signIn().logout(refreshToken(body, request));
    ResponseCookie cleared = cookie("", Duration.ZERO);
    return ResponseEntity.ok()
        .header(HttpHeaders.SET_COOKIE, cleared.toString())
        .body(Envelope.of(Map.of("signed_out", true, "revoked", revoked), requestId));
  }

  private static String refreshToken(@Nullable RefreshBody body, HttpServletRequest request) {
    if (body != null && body.refreshToken() != null && !body.refreshToken().isBlank()) {
      return body.refreshToken();
    }
    Cookie[] cookies = request.getCookies();
    if (cookies != null) {
      for (Cookie c : cookies) {
        if (COOKIE.equals(c.getName()) && !c.getValue().isBlank()) {
          return c.getValue();
        }
      }
    }
    throw new ApiException(
        ApiError.invalidInput(
            List.of(
                new FieldError(
                    "refresh_token", "is required (in the body or the " + COOKIE + " cookie)"))));
  }

  private static ResponseEntity<Envelope<SessionView>> withCookie(
      Session session, String requestId) {
    ResponseCookie cookie =
        cookie(session.refreshToken(), Duration.between(Instant.now(), session.refreshExpiresAt()));
    return ResponseEntity.ok()
        .header(HttpHeaders.SET_COOKIE, cookie.toString())
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .body(Envelope.of(SessionView.of(session), requestId));
  }

  private static ResponseCookie cookie(String value, Duration maxAge) {
    return ResponseCookie.from(COOKIE, value)
        .httpOnly(true)
        .secure(true)
        .sameSite("Strict")
        .path("/api/v1/auth")
        .maxAge(maxAge)
        .build();
  }

  private SignIn signIn() {
    SignIn s = signIn.getIfAvailable();
    if (s == null) {
      throw new ApiException(
          ApiError.ofStatus(
              HttpStatus.SERVICE_UNAVAILABLE, "Sign-in is not available in this server"));
    }
    return s;
  }

  /** A user as the API shows it. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record UserView(
      String id,
      String email,
      @Nullable String name,
      @Nullable String avatarUrl,
      String role,
      boolean active,
      Instant createdAt) {
    static UserView of(Account a) {
      return new UserView(
          a.id().toString(),
          a.email(),
          a.name(),
          a.avatarUrl(),
          a.role().value(),
          a.active(),
          a.createdAt());
    }
  }
}
