package io.renderowl.api.internal;

import io.renderowl.infra.pipeline.InsufficientCreditsException;
import io.renderowl.infra.pipeline.InvalidRequestException;
import io.renderowl.infra.pipeline.TimelineEditException;
import io.renderowl.workflows.FieldError;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.BindingResult;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Answers every exception raised while handling an API request with an error envelope; requests
 * outside the API are left to the application's other resolvers.
 */
final class ApiExceptionResolver implements HandlerExceptionResolver {

  /** What Tomcat throws for a query string it cannot parse (kept by name: no Tomcat API here). */
  private static final String MALFORMED_PARAMETERS =
      "org.apache.tomcat.util.http.InvalidParameterException";

  /** PostgreSQL's SQLSTATE for a byte sequence its encoding refuses (a NUL in a text value). */
  private static final String CHARACTER_NOT_IN_REPERTOIRE = "22021";

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
      framework
          .getHeaders()
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
      case InsufficientCreditsException e -> ApiError.insufficientCredits(e);
      case InvalidRequestException e -> ApiError.invalidInput(e.errors());
      case TimelineEditException e -> ApiError.ofEdit(e);
      case MethodArgumentNotValidException e ->
          ApiError.invalidInput(fieldErrors(e.getBindingResult()));
      case HttpMessageNotReadableException e -> unreadable(e);
      case MethodArgumentTypeMismatchException e ->
          ApiError.validation(
              "Invalid parameter",
              List.of(
                  new FieldError(
                      e.getName(),
                      "must be "
                          + (e.getRequiredType() == null
                              ? "a valid value"
                              : "a valid "
                                  + e.getRequiredType()
                                      .getSimpleName()
                                      .toLowerCase(Locale.ROOT)))));
      case MultipartException e ->
          ApiError.ofStatus(HttpStatus.BAD_REQUEST, "The multipart request body could not be read");
      case IllegalStateException e when MALFORMED_PARAMETERS.equals(e.getClass().getName()) ->
          ApiError.ofStatus(
              HttpStatus.BAD_REQUEST, "The query string or form parameters are malformed");
      case Exception e when hasNulCharacter(e) ->
          ApiError.validation("Text values must not contain the NUL character (U+0000)", List.of());
      case NoResourceFoundException e -> noEndpoint(request);
      case NoHandlerFoundException e -> noEndpoint(request);
      case ErrorResponse e -> ApiError.ofStatus(e.getStatusCode(), detailOf(e));
      default -> ApiError.internal(requestId);
    };
  }

  /**
   * One entry per top-level body field (its first problem), as the hand-checked bodies reported.
   */
  private static List<FieldError> fieldErrors(BindingResult result) {
    Map<String, FieldError> byField = new LinkedHashMap<>();
    for (org.springframework.validation.FieldError e : result.getFieldErrors()) {
      String field = topLevel(e.getField());
      byField.putIfAbsent(
          field,
          new FieldError(
              field, e.getDefaultMessage() == null ? "is not valid" : e.getDefaultMessage()));
    }
    return List.copyOf(byField.values());
  }

  /**
   * A body Jackson could not bind: not JSON at all, JSON but not an object, or a field of the wrong
   * type (named, as a validation problem would be).
   */
  private static ApiError unreadable(HttpMessageNotReadableException e) {
    if (e.getCause() instanceof MismatchedInputException m) {
      if (m.getPath().isEmpty()) {
        return ApiError.validation("Request body must be a JSON object", List.of());
      }
      String field = m.getPath().getFirst().getPropertyName();
      if (field != null) {
        String problem =
            m instanceof UnrecognizedPropertyException
                ? "is not a known field"
                : "has the wrong type";
        return ApiError.invalidInput(List.of(new FieldError(field, problem)));
      }
    }
    return ApiError.validation("Request body must be a valid JSON object", List.of());
  }

  private static String topLevel(String path) {
    int end = path.length();
    for (char c : new char[] {'.', '['}) {
      int i = path.indexOf(c);
      if (i >= 0) {
        end = Math.min(end, i);
      }
    }
    return path.substring(0, end);
  }

  /**
   * PostgreSQL refuses a text value with a NUL character (SQLSTATE 22021); the value came from the
   * request (a path segment, a query parameter or a JSON string), so it is the client's error.
   */
  private static boolean hasNulCharacter(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && CHARACTER_NOT_IN_REPERTOIRE.equals(sql.getSQLState())) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
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
