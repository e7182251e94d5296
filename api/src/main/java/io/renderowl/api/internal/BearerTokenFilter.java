package io.renderowl.api.internal;

import io.renderowl.infra.users.ApiTokens;
import io.renderowl.infra.users.RequestRateLimit;
import io.renderowl.infra.users.SignedInUser;
import io.renderowl.infra.users.TokenRefused;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Signs an API request in from {@code Authorization: Bearer <token>} (an API key, a built-in access
 * JWT or an external identity provider's JWT, see {@link ApiTokens}), puts the user's id in the
 * request attribute {@link #USER_ID} (what every controller scopes its queries by) and the {@link
 * SignedInUser} in {@link #USER}, and takes one request from the user's rate-limit bucket. The
 * sign-in endpoints themselves need no token; they are limited per client address instead.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

  static final String USER_ID = "io.renderowl.api.userId";
  static final String USER = "io.renderowl.api.user";

  /** Paths reached without a token: they hand tokens out (or revoke them). */
  static final Set<String> PUBLIC_PATHS =
      Set.of(AuthController.LOGIN, AuthController.REFRESH, AuthController.LOGOUT);

  private static final String CHALLENGE = "Bearer realm=\"renderowl\"";
  private static final String INVALID_TOKEN = CHALLENGE + ", error=\"invalid_token\"";

  /** RFC 6750 b64token after a case-insensitive "Bearer". */
  private static final Pattern BEARER = Pattern.compile("(?i)Bearer +([A-Za-z0-9._~+/-]+=*)");

  private final ApiTokens tokens;
  private final RequestRateLimit rateLimit;
  private final ErrorWriter errors;

  BearerTokenFilter(ApiTokens tokens, RequestRateLimit rateLimit, ErrorWriter errors) {
    this.tokens = tokens;
    this.rateLimit = rateLimit;
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
    if (PUBLIC_PATHS.contains(request.getRequestURI())) {
      if (allowed(request, response, "address:" + request.getRemoteAddr())) {
        chain.doFilter(request, response);
      }
      return;
    }
    Optional<String> token = bearerToken(request.getHeader(HttpHeaders.AUTHORIZATION));
    if (token.isEmpty()) {
      reject(
          request,
          response,
          CHALLENGE,
          "Send an API key or access token as 'Authorization: Bearer <token>'");
      return;
    }
    SignedInUser user;
    try {
      user = tokens.authenticate(token.get());
    } catch (TokenRefused e) {
      reject(request, response, INVALID_TOKEN, e.getMessage());
      return;
    }
    if (!allowed(request, response, "user:" + user.userId())) {
      return;
    }
    request.setAttribute(USER_ID, user.userId());
    request.setAttribute(USER, user);
    chain.doFilter(request, response);
  }

  private boolean allowed(HttpServletRequest request, HttpServletResponse response, String key)
      throws IOException {
    Duration wait = rateLimit.tryAcquire(key);
    if (wait.isZero()) {
      return true;
    }
    long seconds = Math.max(1, Math.ceilDiv(wait.toMillis(), 1000L));
    response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
    errors.write(
        response,
        requestIdOf(request),
        ApiError.rateLimited("Too many requests; retry in " + seconds + " s"));
    return false;
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
    errors.write(response, requestIdOf(request), ApiError.unauthorized(message));
  }

  private static String requestIdOf(HttpServletRequest request) {
    return Objects.requireNonNull(RequestIdFilter.requestIdOf(request));
  }
}
