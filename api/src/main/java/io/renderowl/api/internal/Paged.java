package io.renderowl.api.internal;

import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A list response in the seed's format: {@code {"data": [...], "pagination": {"page", "limit",
 * "total", "total_pages"}, "meta": {...}}}. Every list endpoint answers with it.
 */
record Paged<T>(List<T> data, Pagination pagination, Meta meta) {

  static <T> Paged<T> of(List<T> rows, PageRequest page, long total, String requestId) {
    return new Paged<>(rows, Pagination.of(page, total), Meta.now(requestId));
  }

  /** Where this page sits in the whole list. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Pagination(int page, int limit, long total, long totalPages) {
    static Pagination of(PageRequest page, long total) {
      return new Pagination(
          page.page(), page.limit(), total, (total + page.limit() - 1) / page.limit());
    }
  }
}
