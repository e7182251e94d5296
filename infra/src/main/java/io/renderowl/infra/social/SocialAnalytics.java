package io.renderowl.infra.social;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Per-video metrics read from the platforms the videos were published to ({@code analytics}), and
 * the views of them the API answers with. Every read is scoped to the owning user.
 */
public interface SocialAnalytics {

  /**
   * Reads the current metrics of every published video with a remote id from its platform, in
   * batches and within the configured request rate, and records one snapshot per publication.
   *
   * @return what was read, per platform, and what failed and why (no secrets)
   */
  List<String> sync();

  /** Totals per platform (latest snapshot of each publication) and a daily series. */
  Dashboard dashboard(UUID userId, int days);

  /** The user's videos with metrics, most viewed first. */
  List<VideoMetrics> videos(UUID userId, int offset, int limit);

  /** How many of the user's videos have metrics. */
  long videoCount(UUID userId);

  /** One video's metrics per publication and its daily series; empty when not the user's. */
  Optional<VideoDetail> video(UUID userId, UUID videoId);

  /** Views, likes, comments and shares. */
  record Metrics(long views, long likes, long comments, long shares) {
    public static final Metrics ZERO = new Metrics(0, 0, 0, 0);

    public Metrics plus(Metrics o) {
      return new Metrics(
          views + o.views, likes + o.likes, comments + o.comments, shares + o.shares);
    }
  }

  /** A platform's metrics. */
  record PlatformMetrics(String platform, Metrics metrics) {}

  /** A day's metrics on a platform (the latest snapshot of each publication that day, summed). */
  record DailyPoint(LocalDate day, String platform, Metrics metrics) {}

  /** The dashboard. */
  record Dashboard(
      Metrics total, List<PlatformMetrics> platforms, List<DailyPoint> daily, int days) {}

  /** A video (render) and its latest metrics per platform. */
  record VideoMetrics(
      UUID videoId,
      String runId,
      Metrics total,
      List<PlatformMetrics> platforms,
      Instant recordedAt) {}

  /** A publication's latest metrics. */
  record PublicationMetrics(
      UUID publicationId,
      String platform,
      UUID accountId,
      String remoteId,
      String url,
      Metrics metrics,
      Instant recordedAt) {}

  /** One video in detail. */
  record VideoDetail(
      UUID videoId,
      String runId,
      Metrics total,
      List<PublicationMetrics> publications,
      List<DailyPoint> daily) {}
}
