package io.renderowl.workflows;

/** One problem with one input field. */
public record FieldError(String field, String message) {
  @Override
  public String toString() {
    return field + ": " + message;
  }
}
