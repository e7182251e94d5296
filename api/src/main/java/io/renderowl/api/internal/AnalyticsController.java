package io.renderowl.api.internal;

import io.renderowl.infra.social.SocialAnalytics;
import io.renderowl.workflows.FieldError;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Analytics read from the platforms ({@code /api/v1/analytics}): the dashboard (totals and a daily
 * series per platform), the videos with metrics (paginated) and one video in detail. Scoped to the
 * caller: another user's video answers 404.
 */
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
final class AnalyticsController {

  static final String PATH = "/api/v1/analytics";
  static final int MAX_DAYS = 365;

  private final ObjectProvider<SocialAnalytics> analytics;

  AnalyticsController(ObjectProvider<SocialAnalytics> analytics) {
    this.analytics = analytics;
  }

  @GetMapping(PATH + "/dashboard")
  Envelope<SocialAnalytics.Dashboard> dashboard(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @RequestParam(required = false) @Nullable Integer days) {
    int d = days == null ? 30 : days;
    if (d < 1 || d > MAX_DAYS) {
      throw new ApiException(
          ApiError.validation(
              "Invalid range",
              List.of(
                  new FieldError(
                      "days", "must be between 1 and " + MAX_DAYS + " (got " + d + ")"))));
    }
    return Envelope.of(analytics().dashboard(SocialController.user(userId), d), requestId);
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record VideoView(
      String videoId,
      String runId,
      SocialAnalytics.Metrics total,
      List<SocialAnalytics.PlatformMetrics> platforms,
      @Nullable Instant recordedAt) {
    static VideoView of(SocialAnalytics.VideoMetrics v) {
      return new VideoView(
          v.videoId().toString(), v.runId(), v.total(), v.platforms(), v.recordedAt());
    }
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record PublicationView(
      String publicationId,
      String platform,
      @Nullable String accountId,
      @Nullable String remoteId,
      @Nullable String url,
      SocialAnalytics.Metrics metrics,
      @Nullable Instant recordedAt) {
    static PublicationView of(SocialAnalytics.PublicationMetrics p) {
      return new PublicationView(
          p.publicationId().toString(),
          p.platform(),
          p.accountId() == null ? null : p.accountId().toString(),
          p.remoteId(),
          p.url(),
          p.metrics(),
          p.recordedAt());
    }
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record VideoDetailView(
      String videoId,
      String runId,
      SocialAnalytics.Metrics total,
      List<PublicationView> publications,
      List<SocialAnalytics.DailyPoint> daily) {
    static VideoDetailView of(SocialAnalytics.VideoDetail v) {
      return new VideoDetailView(
          v.videoId().toString(),
          v.runId(),
          v.total(),
          v.publications().stream().map(PublicationView::of).toList(),
          v.daily());
    }
  }

  @GetMapping(PATH + "/videos")
  Paged<VideoView> videos(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @RequestParam(required = false) @Nullable Integer page,
      @RequestParam(required = false) @Nullable Integer limit) {
    PageRequest pr = PageRequest.of(page, limit);
    UUID user = SocialController.user(userId);
    return Paged.of(
        analytics().videos(user, (int) pr.offset(), pr.limit()).stream()
            .map(VideoView::of)
            .toList(),
        pr,
        analytics().videoCount(user),
        requestId);
  }

  @GetMapping(PATH + "/videos/{id}")
  Envelope<VideoDetailView> video(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @PathVariable String id) {
    return Envelope.of(
        SocialController.parseId(id)
            .flatMap(v -> analytics().video(SocialController.user(userId), v))
            .map(VideoDetailView::of)
            .orElseThrow(
                () -> new ApiException(ApiError.notFound("No video '" + id + "' with analytics"))),
        requestId);
  }

  private SocialAnalytics analytics() {
    SocialAnalytics a = analytics.getIfAvailable();
    if (a == null) {
      throw new ApiException(
          ApiError.ofStatus(
              HttpStatus.SERVICE_UNAVAILABLE, "Analytics are not available in this server"));
    }
    return a;
  }
}
