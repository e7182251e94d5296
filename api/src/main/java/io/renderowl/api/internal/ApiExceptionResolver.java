package io.renderowl.api.internal;

import io.renderowl.infra.pipeline.InvalidRequestException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Answers every exception raised while handling an API request with an error envelope; requests
 * outside the API are left to the application's other resolvers.
 */
final class ApiExceptionResolver implements HandlerExceptionResolver {

  private static final Logger log = LoggerFactory.getLogger(ApiExceptionResolver.class);

  private final ErrorWriter errors;

  ApiExceptionResolver(ErrorWriter errors) {
    this.errors = errors;
  }

  @Override
  public @Nullable ModelAndView resolveException(
      HttpServletRequest request,
      HttpServletResponse response,
      @Nullable Object handler,
      Exception ex) {
    String requestId = RequestIdFilter.requestIdOf(request);
    if (requestId == null || response.isCommitted()) {
      return null;
    }
    ApiError error = errorFor(ex, request, requestId);
    String method = request.getMethod();
    String uri = request.getRequestURI();
    if (error.status().is5xxServerError()) {
      log.error("{} {} failed (request {})", method, uri, requestId, ex);
    } else {
      log.debug("{} {} answered {}: {}", method, uri, error.code(), ex.toString());
    }
    if (ex instanceof ErrorResponse framework) {
      framework.getHeaders()
          .forEach((name, values) -> values.forEach(v -> response.addHeader(name, v)));
    }
    try {
      errors.write(response, requestId, error);
    } catch (IOException e) {
      log.debug("Could not write the error response for request {}", requestId, e);
    }
    return new ModelAndView();
  }

  static ApiError errorFor(Exception ex, HttpServletRequest request, String requestId) {
    return switch (ex) {
      case ApiException e -> e.error();
      case InvalidRequestException e -> ApiError.invalidInput(e.errors());
      case HttpMessageNotReadableException e ->
          ApiError.validation("Request body must be a valid JSON object", List.of());
      case NoResourceFoundException e -> noEndpoint(request);
      case NoHandlerFoundException e -> noEndpoint(request);
      case ErrorResponse e -> ApiError.ofStatus(e.getStatusCode(), detailOf(e));
      default -> ApiError.internal(requestId);
    };
  }

  private static ApiError noEndpoint(HttpServletRequest request) {
    return ApiError.notFound("No endpoint " + request.getMethod() + " " + request.getRequestURI());
  }

  private static String detailOf(ErrorResponse e) {
    String detail = e.getBody().getDetail();
    if (detail != null) {
      return detail;
    }
    HttpStatus status = HttpStatus.resolve(e.getStatusCode().value());
    return status == null ? "HTTP " + e.getStatusCode().value() : status.getReasonPhrase();
  }
}
