package io.renderowl.api.internal;

import io.renderowl.infra.admin.OperatorViews;
import io.renderowl.infra.pipeline.PageOf;
import io.renderowl.workflows.FieldError;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Operator views for admins: every user's accounts, runs and renders, in the seed's list format.
 * Users are refused (403) by the security chain and by {@link AdminOnly}; each read is written to
 * the audit log with the admin who made it.
 */
@AdminOnly
@RestController
@RequestMapping(path = AdminController.PATH, produces = MediaType.APPLICATION_JSON_VALUE)
final class AdminController {

  static final String PATH = "/api/v1/admin";

  private final ObjectProvider<OperatorViews> views;

  AdminController(ObjectProvider<OperatorViews> views) {
    this.views = views;
  }

  /** An account as admins see it. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record UserRow(
      String id,
      String email,
      @Nullable String name,
      String role,
      int creditsBalance,
      @Nullable Instant disabledAt,
      Instant createdAt) {
    static UserRow of(OperatorViews.UserSummary u) {
      return new UserRow(
          u.id().toString(),
          u.email(),
          u.name(),
          u.role(),
          u.creditsBalance(),
          u.disabledAt(),
          u.createdAt());
    }
  }

  /** A pipeline run as admins see it. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record RunRow(
      String runId,
      String userId,
      String topic,
      String status,
      String stage,
      @Nullable String message,
      @Nullable String errorMessage,
      Instant createdAt,
      @Nullable Instant completedAt) {
    static RunRow of(OperatorViews.RunSummary r) {
      return new RunRow(
          r.runId(),
          r.userId().toString(),
          r.topic(),
          r.status(),
          r.stage(),
          r.message(),
          r.errorMessage(),
          r.createdAt(),
          r.completedAt());
    }
  }

  /** A render as admins see it. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record RenderRow(
      String id,
      @Nullable String runId,
      String userId,
      @Nullable String timelineId,
      String status,
      String preset,
      int progress,
      @Nullable String errorMessage,
      Instant createdAt,
      @Nullable Instant completedAt) {
    static RenderRow of(OperatorViews.RenderSummary r) {
      return new RenderRow(
          r.id().toString(),
          r.runId(),
          r.userId().toString(),
          r.timelineId() == null ? null : r.timelineId().toString(),
          r.status(),
          r.preset(),
          r.progress(),
          r.errorMessage(),
          r.createdAt(),
          r.completedAt());
    }
  }

  @GetMapping("/users")
  Paged<UserRow> users(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @RequestParam(required = false) @Nullable Integer page,
      @RequestParam(required = false) @Nullable Integer limit) {
    PageRequest pageRequest = PageRequest.of(page, limit);
    return paged(
        views().users(viewer(userId), pageRequest.offset(), pageRequest.limit()),
        UserRow::of,
        pageRequest,
        requestId);
  }

  @GetMapping("/runs")
  Paged<RunRow> runs(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @RequestParam(name = "user_id", required = false) @Nullable String ofUser,
      @RequestParam(required = false) @Nullable String status,
      @RequestParam(required = false) @Nullable Integer page,
      @RequestParam(required = false) @Nullable Integer limit) {
    PageRequest pageRequest = PageRequest.of(page, limit);
    String s = status(status, OperatorViews.RUN_STATUSES);
    return paged(
        views().runs(viewer(userId), user(ofUser), s, pageRequest.offset(), pageRequest.limit()),
        RunRow::of,
        pageRequest,
        requestId);
  }

  @GetMapping("/renders")
  Paged<RenderRow> renders(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @RequestParam(name = "user_id", required = false) @Nullable String ofUser,
      @RequestParam(required = false) @Nullable String status,
      @RequestParam(required = false) @Nullable Integer page,
      @RequestParam(required = false) @Nullable Integer limit) {
    PageRequest pageRequest = PageRequest.of(page, limit);
    String s = status(status, OperatorViews.RENDER_STATUSES);
    return paged(
        views().renders(viewer(userId), user(ofUser), s, pageRequest.offset(), pageRequest.limit()),
        RenderRow::of,
        pageRequest,
        requestId);
  }

  private static <T, V> Paged<V> paged(
      PageOf<T> page, Function<T, V> view, PageRequest pageRequest, String requestId) {
    return Paged.of(page.rows().stream().map(view).toList(), pageRequest, page.total(), requestId);
  }

  private static OperatorViews.Viewer viewer(String adminId) {
    return new OperatorViews.Viewer(UUID.fromString(adminId), "api");
  }

  private static @Nullable UUID user(@Nullable String id) {
    if (id == null || id.isBlank()) {
      return null;
    }
    try {
      return UUID.fromString(id.strip());
    } catch (IllegalArgumentException e) {
      throw invalid("user_id", "must be a user id (UUID), got '" + shorten(id) + "'");
    }
  }

  private static @Nullable String status(@Nullable String status, List<String> allowed) {
    if (status == null || status.isBlank()) {
      return null;
    }
    String s = status.strip();
    if (!allowed.contains(s)) {
      throw invalid(
          "status", "must be one of " + String.join(", ", allowed) + ", got '" + shorten(s) + "'");
    }
    return s;
  }

  private static ApiException invalid(String field, String message) {
    return new ApiException(
        ApiError.validation("Invalid filter", List.of(new FieldError(field, message))));
  }

  private static String shorten(String text) {
    return text.length() <= 100 ? text : text.substring(0, 100) + "...";
  }

  private OperatorViews views() {
    OperatorViews v = views.getIfAvailable();
    if (v == null) {
      throw new ApiException(
          ApiError.ofStatus(
              HttpStatus.SERVICE_UNAVAILABLE, "Operator views are not available in this server"));
    }
    return v;
  }
}
