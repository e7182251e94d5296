package io.renderowl.api.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.renderowl.infra.pipeline.InvalidRequestException;
import io.renderowl.infra.pipeline.SocialPosts;
import io.renderowl.workflows.FieldError;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Cross-posting and scheduling ({@code /api/v1/social}): a finished run's video to several
 * connected accounts now ({@code crosspost}) or at a time ({@code schedule}); the scheduled posts
 * listed and cancelled. Each account gets its own publishing workflow.
 */
@RestController
@org.springframework.web.bind.annotation.RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
final class SocialPostsController {
  static final String PATH = "/api/v1/social";

  private final ObjectProvider<SocialPosts> posts;

  SocialPostsController(ObjectProvider<SocialPosts> posts) {
    this.posts = posts;
  }

  /** A post request: the run and the accounts (ids), and for a schedule the time. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = true)
  record PostBody(
      @Nullable String runId, @Nullable List<String> accountIds, @Nullable String publishAt) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record PostView(
      String id,
      String runId,
      String accountId,
      String platform,
      String state,
      String url,
      String reason,
      @Nullable Instant publishAt,
      String workflowId) {
    static PostView of(SocialPosts.Post p) {
      return new PostView(
          p.id(),
          p.runId(),
          p.accountId(),
          p.platform(),
          p.state(),
          p.url(),
          p.reason(),
          p.publishAt(),
          p.workflowId());
    }
  }

  @PostMapping(path = PATH + "/crosspost", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Envelope<List<PostView>>> crosspost(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @RequestBody PostBody body) {
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .body(Envelope.of(post(userId, body, null), requestId));
  }

  @PostMapping(path = PATH + "/schedule", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Envelope<List<PostView>>> schedule(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @RequestBody PostBody body) {
    if (body.publishAt() == null || body.publishAt().isBlank()) {
      throw new InvalidRequestException(List.of(new FieldError("publish_at", "is required")));
    }
    Instant at;
    try {
      at = Instant.parse(body.publishAt().strip());
    } catch (DateTimeParseException e) {
      throw new InvalidRequestException(
          List.of(
              new FieldError(
                  "publish_at", "must be an ISO-8601 instant such as 2026-12-24T18:00:00Z")));
    }
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .body(Envelope.of(post(userId, body, at), requestId));
  }

  private List<PostView> post(String userId, PostBody body, @Nullable Instant at) {
    return posts()
        .post(
            user(userId),
            body.runId(),
            body.accountIds() == null ? List.of() : body.accountIds(),
            at)
        .stream()
        .map(PostView::of)
        .toList();
  }

  @GetMapping(PATH + "/scheduled")
  Paged<PostView> scheduled(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @RequestParam(required = false) @Nullable Integer page,
      @RequestParam(required = false) @Nullable Integer limit) {
    PageRequest pageRequest = PageRequest.of(page, limit);
    UUID user = user(userId);
    List<PostView> rows =
        posts().scheduled(user, (int) pageRequest.offset(), pageRequest.limit()).stream()
            .map(PostView::of)
            .toList();
    return Paged.of(rows, pageRequest, posts().countScheduled(user), requestId);
  }

  @DeleteMapping(PATH + "/scheduled/{id}")
  Envelope<Map<String, Object>> cancel(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @PathVariable String id) {
    UUID publication = parse(id);
    UUID user = user(userId);
    SocialPosts.Post post =
        posts()
            .find(user, publication)
            .orElseThrow(
                () -> new ApiException(ApiError.notFound("No scheduled post '" + id + "'")));
    if (!posts().cancel(user, publication)) {
      throw new ApiException(
          ApiError.ofStatus(
              HttpStatus.CONFLICT, "The post is " + post.state() + ", no longer scheduled"));
    }
    return Envelope.of(Map.of("id", id, "state", "cancelled"), requestId);
  }

  private static UUID user(String userId) {
    return UUID.fromString(userId);
  }

  private static UUID parse(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new ApiException(ApiError.notFound("No scheduled post '" + id + "'"));
    }
  }

  private SocialPosts posts() {
    SocialPosts p = posts.getIfAvailable();
    if (p == null) {
      throw new ApiException(
          ApiError.ofStatus(
              HttpStatus.SERVICE_UNAVAILABLE, "Social posting is not available in this server"));
    }
    return p;
  }
}
