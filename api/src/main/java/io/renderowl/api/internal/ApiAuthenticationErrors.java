package io.renderowl.api.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * The security chain's 401 and 403 answers in the API's error envelope, with the RFC 6750
 * challenge: {@code Bearer realm="renderowl"} when no token came, {@code error="invalid_token"}
 * added when the token was refused (the reason says why).
 */
final class ApiAuthenticationErrors implements AuthenticationEntryPoint, AccessDeniedHandler {
  static final String CHALLENGE = "Bearer realm=\"renderowl\"";
  static final String INVALID_TOKEN = CHALLENGE + ", error=\"invalid_token\"";

  private final ErrorWriter errors;

  ApiAuthenticationErrors(ErrorWriter errors) {
    this.errors = errors;
  }

  @Override
  public void commence(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
      throws IOException {
    boolean refused =
        e instanceof OAuth2AuthenticationException oauth
            && "invalid_token".equals(oauth.getError().getErrorCode());
    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, refused ? INVALID_TOKEN : CHALLENGE);
    String message =
        refused
            ? Objects.requireNonNullElse(e.getMessage(), "The token was refused")
            : "Send an API key or access token as 'Authorization: Bearer <token>'";
    errors.write(response, requestIdOf(request), ApiError.unauthorized(message));
  }

  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
      throws IOException {
    errors.write(
        response,
        requestIdOf(request),
        ApiError.forbidden(
            "Only admins may " + request.getMethod() + " " + request.getRequestURI()));
  }

  private static String requestIdOf(HttpServletRequest request) {
    return Objects.requireNonNull(RequestIdFilter.requestIdOf(request));
  }
}
