package io.renderowl.api.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the authenticated user's id ({@link BearerTokenFilter#USER_ID}) into the log context as
 * {@code user_id} for the rest of the request, so every line the request logs says whose it was.
 */
final class UserLogContextFilter extends OncePerRequestFilter {
  static final String MDC_KEY = "user_id";

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!(request.getAttribute(BearerTokenFilter.USER_ID) instanceof String userId)) {
      chain.doFilter(request, response);
      return;
    }
    MDC.put(MDC_KEY, userId);
    try {
      chain.doFilter(request, response);
    } finally {
      MDC.remove(MDC_KEY);
    }
  }
}
