package io.renderowl.api.internal;

/** Ends an API request with the given error; the exception resolver writes it. */
@SuppressWarnings("serial") // never Java-serialized; only its message travels
final class ApiException extends RuntimeException {

  private final ApiError error;

  ApiException(ApiError error) {
    super(error.code() + ": " + error.message(), null, false, false);
    this.error = error;
  }

  ApiError error() {
    return error;
  }
}
