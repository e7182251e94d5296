package io.renderowl.api.internal;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.renderowl.infra.pipeline.InsufficientCreditsException;
import io.renderowl.infra.pipeline.TimelineEditException;
import io.renderowl.workflows.FieldError;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/**
 * An error as the API reports it.
 *
 * @param status the HTTP status (not part of the JSON)
 * @param code a stable, upper-case code such as {@code VALIDATION_ERROR}
 * @param message what went wrong, for people
 * @param details the problems per input field (empty when none)
 */
record ApiError(
    @JsonIgnore HttpStatusCode status, String code, String message, List<FieldError> details) {

  ApiError {
    details = List.copyOf(details);
  }

  /** 400 for a request whose fields are wrong. */
  static ApiError invalidInput(List<FieldError> details) {
    return validation("Invalid input", details.stream().map(ApiError::asApiField).toList());
  }

  static ApiError validation(String message, List<FieldError> details) {
    return new ApiError(HttpStatus.BAD_REQUEST, "VALIDATION_ERROR", message, details);
  }

  /**
   * A refused timeline edit: 404, 400 with one detail per problem (field {@code
   * tracks.<id>.clips.<id>}, with {@code .source_url} when the clip's media is refused; the message
   * naming the track and clip), 412 for a stale version, 409 for a locked track or a timeline being
   * rendered.
   */
  static ApiError ofEdit(TimelineEditException e) {
    return switch (e.reason()) {
      case NOT_FOUND -> notFound(e.getMessage());
      case INVALID ->
          validation(
              e.getMessage(),
              e.problems().stream()
                  .map(p ->
                      new FieldError(
                          p.trackId() == null
                              ? "timeline"
                              : "tracks."
                                  + p.trackId()
                                  + (p.clipId() == null ? "" : ".clips." + p.clipId())
                                  + (p.clipId() != null && p.message().startsWith("source_url")
                                      ? ".source_url"
                                      : ""),
                          p.toString()))
                  .toList());
      case STALE_VERSION ->
          new ApiError(
              HttpStatus.PRECONDITION_FAILED, "PRECONDITION_FAILED", e.getMessage(), List.of());
      case TRACK_LOCKED ->
          new ApiError(HttpStatus.CONFLICT, "TRACK_LOCKED", e.getMessage(), List.of());
      case RENDERING ->
          new ApiError(HttpStatus.CONFLICT, "TIMELINE_RENDERING", e.getMessage(), List.of());
    };
  }

  static ApiError notFound(String message) {
    return new ApiError(HttpStatus.NOT_FOUND, "NOT_FOUND", message, List.of());
  }

  static ApiError unauthorized(String message) {
    return new ApiError(HttpStatus.UNAUTHORIZED, "UNAUTHORIZED", message, List.of());
  }

  /** 403 for a signed-in user whose role does not allow the request. */
  static ApiError forbidden(String message) {
    return new ApiError(HttpStatus.FORBIDDEN, "FORBIDDEN", message, List.of());
  }

  /** 429 when a user (or a client address signing in) sends requests faster than allowed. */
  static ApiError rateLimited(String message) {
    return new ApiError(HttpStatus.TOO_MANY_REQUESTS, "RATE_LIMITED", message, List.of());
  }

  static ApiError internal(String requestId) {
    return new ApiError(
        HttpStatus.INTERNAL_SERVER_ERROR,
        "INTERNAL_ERROR",
        "Something went wrong on our side; quote request id " + requestId + " when reporting it",
        List.of());
  }

  /**
   * 402 when the user's available credits do not cover the work; the amounts are in the details
   * ({@code required} and {@code available}, in credits).
   */
  static ApiError insufficientCredits(InsufficientCreditsException e) {
    return new ApiError(
        HttpStatus.PAYMENT_REQUIRED,
        InsufficientCreditsException.CODE,
        "Not enough credits: this needs " + e.required() + ", " + e.available() + " available",
        List.of(
            new FieldError("required", Integer.toString(e.required())),
            new FieldError("available", Integer.toString(e.available()))));
  }

  /** An error for an HTTP status, coded by the status name ({@code METHOD_NOT_ALLOWED}). */
  static ApiError ofStatus(HttpStatusCode status, String message) {
    HttpStatus known = HttpStatus.resolve(status.value());
    String code = known == null ? "HTTP_" + status.value() : known.name();
    return new ApiError(status, code, message, List.of());
  }

  /** The idempotency key arrives as a header, so name the header rather than the record field. */
  private static FieldError asApiField(FieldError error) {
    return "request_key".equals(error.field())
        ? new FieldError("Idempotency-Key", error.message())
        : error;
  }
}
