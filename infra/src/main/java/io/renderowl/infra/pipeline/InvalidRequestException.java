package io.renderowl.infra.pipeline;

import io.renderowl.workflows.FieldError;
import java.util.List;
import java.util.stream.Collectors;

/** A request with field errors; nothing was started. */
@SuppressWarnings("serial") // never Java-serialized; only its message travels
public class InvalidRequestException extends IllegalArgumentException {
  private final List<FieldError> errors;

  public InvalidRequestException(List<FieldError> errors) {
    super(
        "invalid request: "
            + errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
    this.errors = List.copyOf(errors);
  }

  /** A refusal with its own message (not "invalid request: ..."). */
  protected InvalidRequestException(String message, List<FieldError> errors) {
    super(message);
    this.errors = List.copyOf(errors);
  }

  public List<FieldError> errors() {
    return errors;
  }
}
