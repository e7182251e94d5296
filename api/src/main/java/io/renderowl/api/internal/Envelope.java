package io.renderowl.api.internal;

/** A successful response: {@code {"data": ..., "meta": ...}}. */
record Envelope<T>(T data, Meta meta) {

  static <T> Envelope<T> of(T data, String requestId) {
    return new Envelope<>(data, Meta.now(requestId));
  }
}
