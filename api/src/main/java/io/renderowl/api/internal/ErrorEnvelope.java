package io.renderowl.api.internal;

/** A failed response: {@code {"error": {"code", "message", "details"}, "meta": ...}}. */
record ErrorEnvelope(ApiError error, Meta meta) {}
