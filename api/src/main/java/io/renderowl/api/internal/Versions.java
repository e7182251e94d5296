package io.renderowl.api.internal;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * Timeline versions as HTTP entity tags: {@code "v7"} in {@code ETag}, checked against {@code
 * If-Match} (required on PUT and DELETE; {@code 428} without it).
 */
final class Versions {

  private Versions() {}

  static String etag(long version) {
    return "\"v" + version + "\"";
  }

  /**
   * The version an {@code If-Match} header names.
   *
   * @throws ApiException 428 when the header is missing, 400 when it names no version of ours
   */
  static long required(@Nullable String ifMatch) {
    if (ifMatch == null || ifMatch.isBlank()) {
      throw new ApiException(
          ApiError.ofStatus(
              HttpStatus.PRECONDITION_REQUIRED,
              "Send If-Match with the ETag of the timeline you edited (GET it first)"));
    }
    String tag = ifMatch.strip();
    if (tag.startsWith("W/")) {
      tag = tag.substring(2);
    }
    if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
      tag = tag.substring(1, tag.length() - 1);
    }
    if (tag.startsWith("v")) {
      tag = tag.substring(1);
    }
    try {
      long version = Long.parseLong(tag);
      if (version >= 1) {
        return version;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new ApiException(
        ApiError.validation(
            "Invalid If-Match",
            List.of(
                new io.renderowl.workflows.FieldError(
                    "If-Match", "must be an ETag this API sent, like \"v3\""))));
  }
}
