package io.renderowl.api.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every API request an id (a sane incoming {@code X-Request-Id}, else {@code req_} and 24
 * random hex digits), echoes it in the response header and the log context, and turns whatever
 * escapes the rest of the chain into a 500 envelope.
 */
final class RequestIdFilter extends OncePerRequestFilter {

  static final String HEADER = "X-Request-Id";
  static final String ATTRIBUTE = "io.renderowl.api.requestId";
  private static final String MDC_KEY = "request_id";
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}");
  private static final Logger log = LoggerFactory.getLogger(RequestIdFilter.class);

  private final ErrorWriter errors;

  RequestIdFilter(ErrorWriter errors) {
    this.errors = errors;
  }

  /** The request's id, or null when the request is not an API request. */
  static @Nullable String requestIdOf(HttpServletRequest request) {
    return request.getAttribute(ATTRIBUTE) instanceof String id ? id : null;
  }

  static String requestIdFor(@Nullable String incoming) {
    if (incoming != null && SANE.matcher(incoming).matches()) {
      return incoming;
    }
    byte[] random = new byte[12];
    ThreadLocalRandom.current().nextBytes(random);
    return "req_" + HexFormat.of().formatHex(random);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String requestId = requestIdFor(request.getHeader(HEADER));
    request.setAttribute(ATTRIBUTE, requestId);
    response.setHeader(HEADER, requestId);
    MDC.put(MDC_KEY, requestId);
    try {
      chain.doFilter(request, response);
    } catch (IOException | ServletException | RuntimeException e) {
      if (response.isCommitted()) {
        throw e;
      }
      log.error(
          "{} {} failed (request {})", request.getMethod(), request.getRequestURI(), requestId, e);
      response.reset();
      response.setHeader(HEADER, requestId);
      errors.write(response, requestId, ApiError.internal(requestId));
    } finally {
      MDC.remove(MDC_KEY);
    }
  }
}
