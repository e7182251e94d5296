package io.renderowl.api.internal;

import io.renderowl.infra.users.ApiTokens;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets an API request through only with {@code Authorization: Bearer <token>} for a known token,
 * and puts the token's user id in the request attribute {@link #USER_ID}.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

  static final String USER_ID = "io.renderowl.api.userId";

  /** RFC 6750 b64token after a case-insensitive "Bearer". */
  private static final String CHALLENGE = "Bearer realm=\"renderowl\"";

  private static final String INVALID_TOKEN = CHALLENGE + ", error=\"invalid_token\"";
  private static final Pattern BEARER = Pattern.compile("(?i)Bearer +([A-Za-z0-9._~+/-]+=*)");

  private final ApiTokens tokens;
  private final ErrorWriter errors;

  BearerTokenFilter(ApiTokens tokens, ErrorWriter errors) {
    this.tokens = tokens;
    this.errors = errors;
  }

  /**
   * The OpenAPI contract and its UI are public (they say how to authenticate); Stripe's webhook
   * carries a signature instead of a token (checked by its controller).
   */
  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if ("POST".equals(request.getMethod()) && CreditsController.WEBHOOK.equals(path)) {
      return true;
    }
    return path.equals(OpenApiConfiguration.CONTRACT)
        || path.startsWith(OpenApiConfiguration.CONTRACT + "/")
        || path.equals(OpenApiConfiguration.UI)
        || path.startsWith(OpenApiConfiguration.UI + "/");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Optional<String> token = bearerToken(request.getHeader(HttpHeaders.AUTHORIZATION));
    if (token.isEmpty()) {
      reject(request, response, CHALLENGE, "Send an API token as 'Authorization: Bearer <token>'");
      return;
    }
    Optional<String> userId = tokens.userIdFor(token.get());
    if (userId.isEmpty()) {
      reject(request, response, INVALID_TOKEN, "The API token is unknown or no longer active");
      return;
    }
    request.setAttribute(USER_ID, userId.get());
    chain.doFilter(request, response);
  }

  private static Optional<String> bearerToken(@Nullable String authorization) {
    if (authorization == null) {
      return Optional.empty();
    }
    Matcher m = BEARER.matcher(authorization.strip());
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  private void reject(
      HttpServletRequest request, HttpServletResponse response, String challenge, String message)
      throws IOException {
    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
    String requestId = Objects.requireNonNull(RequestIdFilter.requestIdOf(request));
    errors.write(response, requestId, ApiError.unauthorized(message));
  }
}
