package io.renderowl.api.internal;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.renderowl.infra.tracing.Tracing;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The API request's span (server kind, W3C {@code traceparent} of the caller honoured): current
 * while the request is handled, so the workflow start ({@code StartWorkflow} of Temporal's
 * OpenTracing client interceptor) is its child. A pass-through when tracing is off.
 */
final class TracingFilter extends OncePerRequestFilter {

  private static final TextMapGetter<HttpServletRequest> HEADERS =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(HttpServletRequest request) {
          return Collections.list(request.getHeaderNames());
        }

        @Override
        public @Nullable String get(@Nullable HttpServletRequest request, String key) {
          return request == null ? null : request.getHeader(key);
        }
      };

  private final Supplier<Tracing> tracing;

  TracingFilter(Supplier<Tracing> tracing) {
    this.tracing = tracing;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Tracing current = tracing.get();
    if (!current.enabled()) {
      chain.doFilter(request, response);
      return;
    }
    var otel = current.openTelemetry();
    Context parent =
        otel.getPropagators().getTextMapPropagator().extract(Context.root(), request, HEADERS);
    Span span =
        otel.getTracer("io.renderowl.api")
            .spanBuilder(request.getMethod() + " " + request.getRequestURI())
            .setParent(parent)
            .setSpanKind(SpanKind.SERVER)
            .setAttribute("http.request.method", request.getMethod())
            .setAttribute("url.path", request.getRequestURI())
            .startSpan();
    Scope scope = span.makeCurrent();
    try {
      chain.doFilter(request, response);
    } catch (IOException | ServletException | RuntimeException e) {
      span.recordException(e);
      span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
      throw e;
    } finally {
      scope.close();
      if (request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE)
          instanceof String route) {
        span.updateName(request.getMethod() + " " + route);
        span.setAttribute("http.route", route);
      }
      if (RequestIdFilter.requestIdOf(request) instanceof String requestId) {
        span.setAttribute("renderowl.request_id", requestId);
      }
      span.setAttribute("http.response.status_code", (long) response.getStatus());
      if (response.getStatus() >= 500) {
        span.setStatus(StatusCode.ERROR);
      }
      span.end();
    }
  }
}
