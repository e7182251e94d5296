package io.renderowl.api.internal;

import io.renderowl.infra.users.RequestRateLimit;
import io.renderowl.infra.users.SignedInUser;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The link between Spring Security's chain and the controllers: after {@code
 * BearerTokenAuthenticationFilter} has signed the request in ({@link ApiSecurityConfiguration}),
 * puts the user's id in the request attribute {@link #USER_ID} (what every controller scopes its
 * queries by) and the {@link SignedInUser} in {@link #USER}, and takes one request from the user's
 * rate-limit bucket. The sign-in endpoints need no token; they are limited per client address
 * instead ({@link ClientAddress}: X-Forwarded-For only from trusted proxies).
 */
final class BearerTokenFilter extends OncePerRequestFilter {

  static final String USER_ID = "io.renderowl.api.userId";
  static final String USER = "io.renderowl.api.user";

  /** Paths reached without a token: they hand tokens out (or revoke them). */
  static final Set<String> PUBLIC_PATHS =
      Set.of(AuthController.LOGIN, AuthController.REFRESH, AuthController.LOGOUT);

  private final RequestRateLimit rateLimit;
  private final ErrorWriter errors;
  private final ClientAddress clientAddress;

  BearerTokenFilter(RequestRateLimit rateLimit, ErrorWriter errors, ClientAddress clientAddress) {
    this.rateLimit = rateLimit;
    this.errors = errors;
    this.clientAddress = clientAddress;
  }

  /**
   * Whether the request needs no token: the sign-in endpoints, the OpenAPI contract and its UI
   * (they say how to authenticate), and Stripe's webhook (it carries a signature, checked by its
   * controller). A bearer token sent to them is not looked at.
   */
  static boolean isPublic(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if ("POST".equals(request.getMethod()) && CreditsController.WEBHOOK.equals(path)) {
      return true;
    }
    return PUBLIC_PATHS.contains(path)
        || path.equals(OpenApiConfiguration.CONTRACT)
        || path.startsWith(OpenApiConfiguration.CONTRACT + "/")
        || path.equals(OpenApiConfiguration.UI)
        || path.startsWith(OpenApiConfiguration.UI + "/");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (PUBLIC_PATHS.contains(path)) {
      if (allowed(request, response, "address:" + clientAddress.of(request))) {
        chain.doFilter(request, response);
      }
      return;
    }
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (auth instanceof SignedInUserAuthentication signedIn) {
      SignedInUser user = signedIn.user();
      if (!allowed(request, response, "user:" + user.userId())) {
        return;
      }
      request.setAttribute(USER_ID, user.userId());
      request.setAttribute(USER, user);
    }
    // Unauthenticated requests go on to the chain's authorization, which answers 401.
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
        Objects.requireNonNull(RequestIdFilter.requestIdOf(request)),
        ApiError.rateLimited("Too many requests; retry in " + seconds + " s"));
    return false;
  }
}
