package io.renderowl.api.internal;

import io.renderowl.workflows.FieldError;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@code page} (from 1) and {@code limit} (1 to {@link #MAX_LIMIT}, default {@link
 * #DEFAULT_LIMIT}) query parameters of a list endpoint, validated.
 */
record PageRequest(int page, int limit) {
  static final int DEFAULT_LIMIT = 20;
  static final int MAX_LIMIT = 100;

  /**
   * Reads the parameters as sent.
   *
   * @throws ApiException 400 VALIDATION_ERROR naming the parameter when one is out of range
   */
  static PageRequest of(@Nullable Integer page, @Nullable Integer limit) {
    int p = page == null ? 1 : page;
    int l = limit == null ? DEFAULT_LIMIT : limit;
    if (p < 1) {
      throw invalid("page", "must be 1 or more (got " + p + ")");
    }
    if (l < 1 || l > MAX_LIMIT) {
      throw invalid("limit", "must be between 1 and " + MAX_LIMIT + " (got " + l + ")");
    }
    long maxPage = Integer.MAX_VALUE / l + 1L; // the rows skipped must fit an SQL int offset
    if (p > maxPage) {
      throw invalid("page", "must be at most " + maxPage + " with limit " + l + " (got " + p + ")");
    }
    return new PageRequest(p, l);
  }

  private static ApiException invalid(String field, String message) {
    return new ApiException(
        ApiError.validation("Invalid page", List.of(new FieldError(field, message))));
  }

  /** Rows to skip before this page. */
  long offset() {
    return (long) (page - 1) * limit;
  }
}
