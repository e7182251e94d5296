package io.renderowl.infra.social.internal;

import io.github.bucket4j.Bucket;
import io.renderowl.infra.config.SocialSettings;
import io.renderowl.infra.social.SocialAccounts;
import io.renderowl.infra.social.SocialAccounts.AccountNeedsReconnect;
import io.renderowl.infra.social.SocialAnalytics;
import io.renderowl.infra.social.SocialConnections;
import io.renderowl.infra.social.SocialPlatform;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The analytics sync and its read side over {@code analytics} (one snapshot per publication and
 * sync, keyed by {@code publication_id}) and {@code publications} (platform, account and the
 * platform's id of the post in {@code external_id}). Calls are batched as each platform allows and
 * paced by a token bucket per platform (bucket4j); a 429 stops that platform until the next run, a
 * 401 refreshes the token once.
 */
public final class JdbcSocialAnalytics implements SocialAnalytics {
  private static final Duration BUDGET_WAIT = Duration.ofSeconds(30);

  private final JdbcClient jdbc;
  private final SocialAccounts accounts;
  private final SocialConnections connections;
  private final MetricsReader reader;
  private final SocialSettings settings;
  private final Map<SocialPlatform, Bucket> buckets = new EnumMap<>(SocialPlatform.class);

  JdbcSocialAnalytics(
      DataSource dataSource,
      SocialAccounts accounts,
      SocialConnections connections,
      MetricsReader reader,
      SocialSettings settings) {
    this.jdbc = JdbcClient.create(dataSource);
    this.accounts = accounts;
    this.connections = connections;
    this.reader = reader;
    this.settings = settings;
    int rpm = settings.analyticsRequestsPerMinute();
    for (SocialPlatform p : SocialPlatform.values()) {
      buckets.put(
          p,
          Bucket.builder()
              .addLimit(limit -> limit.capacity(rpm).refillGreedy(rpm, Duration.ofMinutes(1)))
              .build());
    }
  }

  /** The analytics over the settings' platforms, HTTP calls bounded by {@code timeout}. */
  public static JdbcSocialAnalytics create(
      DataSource dataSource,
      JdbcSocialAccounts accounts,
      SocialSettings settings,
      Duration timeout) {
    return new JdbcSocialAnalytics(
        dataSource, accounts, accounts, new MetricsReader(new PlatformHttp(timeout)), settings);
  }

  private record Pub(UUID id, UUID renderId, String platform, String remoteId, UUID accountId) {}

  @Override
  public List<String> sync() {
    List<Pub> pubs =
        jdbc.sql(
                """
                SELECT p.id, p.render_id, p.platform, p.external_id, p.social_account_id
                FROM publications p JOIN social_accounts s ON s.id = p.social_account_id
                WHERE p.status = 'published' AND p.external_id IS NOT NULL AND p.external_id <> ''
                  AND COALESCE(s.is_active, true)
                ORDER BY p.platform, p.social_account_id, p.created_at
                """)
            .query((rs, n) ->
                new Pub(
                    rs.getObject(1, UUID.class),
                    rs.getObject(2, UUID.class),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getObject(5, UUID.class)))
            .list();
    long withoutRemote =
        jdbc.sql(
                "SELECT count(*) FROM publications WHERE status = 'published'"
                    + " AND (external_id IS NULL OR external_id = '' OR social_account_id IS NULL)")
            .query(Long.class)
            .single();
    List<String> report = new ArrayList<>();
    if (pubs.isEmpty()) {
      report.add(
          "no published videos on a connected platform: nothing to read"
              + (withoutRemote > 0
                  ? " ("
                      + withoutRemote
                      + " publication(s) without remote statistics, e.g. local-folder)"
                  : ""));
      return report;
    }
    Map<UUID, List<Pub>> byAccount = new LinkedHashMap<>();
    pubs.forEach(p -> byAccount.computeIfAbsent(p.accountId(), k -> new ArrayList<>()).add(p));
    Map<String, int[]> perPlatform = new LinkedHashMap<>(); // recorded, asked
    Map<SocialPlatform, String> stopped = new EnumMap<>(SocialPlatform.class);
    for (var entry : byAccount.entrySet()) {
      List<Pub> list = entry.getValue();
      String name = list.get(0).platform();
      int[] counts = perPlatform.computeIfAbsent(name, k -> new int[2]);
      counts[1] += list.size();
      SocialPlatform platform;
      try {
        platform = SocialPlatform.of(name);
      } catch (IllegalArgumentException e) {
        report.add(name + ": no analytics endpoint for this platform; " + list.size() + " skipped");
        continue;
      }
      if (stopped.containsKey(platform)) {
        continue;
      }
      counts[0] += syncAccount(platform, entry.getKey(), list, report, stopped);
    }
    perPlatform.forEach(
        (name, c) -> report.add(name + ": " + c[0] + " of " + c[1] + " publication(s) recorded"));
    stopped.forEach((p, why) -> report.add(p.id() + ": stopped for this run, " + why));
    if (withoutRemote > 0) {
      report.add(withoutRemote + " publication(s) without remote statistics (e.g. local-folder)");
    }
    return report;
  }

  private int syncAccount(
      SocialPlatform platform,
      UUID accountId,
      List<Pub> pubs,
      List<String> report,
      Map<SocialPlatform, String> stopped) {
    String token;
    try {
      token = accounts.accessToken(accountId);
    } catch (AccountNeedsReconnect | IllegalArgumentException | IllegalStateException e) {
      report.add(platform.id() + " account " + accountId + ": skipped (" + e.getMessage() + ")");
      return 0;
    }
    String api = settings.client(platform).apiUrl();
    int size = MetricsReader.batchSize(platform);
    int calls = platform == SocialPlatform.LINKEDIN ? 4 : 1;
    int recorded = 0;
    for (int from = 0; from < pubs.size(); from += size) {
      List<Pub> batch = pubs.subList(from, Math.min(pubs.size(), from + size));
      if (!consume(platform, calls)) {
        stopped.put(
            platform,
            "request budget of "
                + settings.analyticsRequestsPerMinute()
                + "/min spent (RENDEROWL_ANALYTICS_RPM)");
        return recorded;
      }
      List<String> ids = batch.stream().map(Pub::remoteId).distinct().toList();
      Map<String, Metrics> read;
      try {
        try {
          read = reader.read(platform, api, token, ids);
        } catch (PlatformHttp.Refused e) {
          if (e.status() != 401) {
            throw e;
          }
          connections.refreshNow(accountId);
          token = accounts.accessToken(accountId);
          read = reader.read(platform, api, token, ids);
        }
      } catch (PlatformHttp.Refused e) {
        if (e.status() == 429) {
          stopped.put(
              platform,
              "rate limited by the platform"
                  + (e.retryAfter().isPresent()
                      ? " (retry after " + e.retryAfter().getAsLong() + " s)"
                      : ""));
          return recorded;
        }
        report.add(e.getMessage());
        continue;
      } catch (PlatformHttp.Unavailable | AccountNeedsReconnect | IllegalStateException e) {
        report.add(platform.id() + " account " + accountId + ": " + e.getMessage());
        continue;
      }
      for (Pub p : batch) {
        Metrics m = read.get(p.remoteId());
        if (m == null) {
          report.add(
              platform.id() + " " + p.remoteId() + ": not returned by the platform (deleted?)");
          continue;
        }
        jdbc.sql(
                """
                INSERT INTO analytics (video_id, platform, views, likes, shares, comments, recorded_at, publication_id)
                VALUES (:v, :p, :views, :likes, :shares, :comments, NOW(), :pub)
                """)
            .param("v", p.renderId())
            .param("p", p.platform())
            .param("views", m.views())
            .param("likes", m.likes())
            .param("shares", m.shares())
            .param("comments", m.comments())
            .param("pub", p.id())
            .update();
        recorded++;
      }
    }
    return recorded;
  }

  private boolean consume(SocialPlatform platform, int calls) {
    try {
      return buckets.get(platform).asBlocking().tryConsume(calls, BUDGET_WAIT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  // ---- read side ----

  private static final String LATEST =
      """
      SELECT DISTINCT ON (a.publication_id) a.publication_id, p.render_id, p.run_id, p.platform,
        p.social_account_id, p.external_id, p.location, a.views, a.likes, a.comments, a.shares,
        a.recorded_at
      FROM analytics a JOIN publications p ON p.id = a.publication_id
      WHERE p.user_id = :u
      ORDER BY a.publication_id, a.recorded_at DESC, a.created_at DESC
      """;

  @Override
  public Dashboard dashboard(UUID userId, int days) {
    List<PlatformMetrics> platforms =
        jdbc.sql(
                "SELECT platform, sum(views), sum(likes), sum(comments), sum(shares) FROM ("
                    + LATEST
                    + ") l GROUP BY platform ORDER BY platform")
            .param("u", userId)
            .query((rs, n) -> new PlatformMetrics(rs.getString(1), metrics(rs, 2)))
            .list();
    Metrics total =
        platforms.stream().map(PlatformMetrics::metrics).reduce(Metrics.ZERO, Metrics::plus);
    return new Dashboard(total, platforms, daily(userId, null, days), days);
  }

  private List<DailyPoint> daily(UUID userId, @Nullable UUID renderId, int days) {
    return jdbc.sql(
            """
            SELECT day, platform, sum(views), sum(likes), sum(comments), sum(shares) FROM (
              SELECT DISTINCT ON (a.publication_id, CAST(a.recorded_at AS DATE))
                CAST(a.recorded_at AS DATE) AS day, p.platform, a.views, a.likes, a.comments, a.shares
              FROM analytics a JOIN publications p ON p.id = a.publication_id
              WHERE p.user_id = :u AND a.recorded_at >= :since
                AND (CAST(:r AS UUID) IS NULL OR p.render_id = CAST(:r AS UUID))
              ORDER BY a.publication_id, CAST(a.recorded_at AS DATE), a.recorded_at DESC) d
            GROUP BY day, platform ORDER BY day, platform
            """)
        .param("u", userId)
        .param("r", renderId)
        .param("since", Timestamp.from(Instant.now().minus(Duration.ofDays(days))))
        .query((rs, n) ->
            new DailyPoint(rs.getObject(1, LocalDate.class), rs.getString(2), metrics(rs, 3)))
        .list();
  }

  @Override
  public List<VideoMetrics> videos(UUID userId, int offset, int limit) {
    List<UUID> ids =
        jdbc.sql(
                "SELECT render_id FROM ("
                    + LATEST
                    + ") l GROUP BY render_id"
                    + " ORDER BY sum(views) DESC, render_id LIMIT :l OFFSET :o")
            .param("u", userId)
            .param("l", limit)
            .param("o", offset)
            .query((rs, n) -> rs.getObject(1, UUID.class))
            .list();
    List<VideoMetrics> out = new ArrayList<>();
    for (UUID id : ids) {
      video(userId, id)
          .ifPresent(v -> {
            Map<String, Metrics> byPlatform = new LinkedHashMap<>();
            Instant recorded = null;
            for (PublicationMetrics p : v.publications()) {
              byPlatform.merge(p.platform(), p.metrics(), Metrics::plus);
              recorded =
                  recorded == null || (p.recordedAt() != null && p.recordedAt().isAfter(recorded))
                      ? p.recordedAt()
                      : recorded;
            }
            out.add(
                new VideoMetrics(
                    v.videoId(),
                    v.runId(),
                    v.total(),
                    byPlatform.entrySet().stream()
                        .map(e -> new PlatformMetrics(e.getKey(), e.getValue()))
                        .toList(),
                    recorded));
          });
    }
    return out;
  }

  @Override
  public long videoCount(UUID userId) {
    return jdbc.sql(
            "SELECT count(DISTINCT p.render_id) FROM analytics a JOIN publications p ON p.id = a.publication_id WHERE p.user_id = :u")
        .param("u", userId)
        .query(Long.class)
        .single();
  }

  @Override
  public Optional<VideoDetail> video(UUID userId, UUID videoId) {
    List<PublicationMetrics> pubs =
        jdbc.sql(
                """
                SELECT p.id, p.platform, p.social_account_id, p.external_id, p.location, p.run_id,
                  l.views, l.likes, l.comments, l.shares, l.recorded_at
                FROM publications p LEFT JOIN (
                  SELECT DISTINCT ON (a.publication_id) a.publication_id, a.views, a.likes, a.comments,
                    a.shares, a.recorded_at
                  FROM analytics a ORDER BY a.publication_id, a.recorded_at DESC, a.created_at DESC) l
                  ON l.publication_id = p.id
                WHERE p.user_id = :u AND p.render_id = :r
                ORDER BY p.platform, p.created_at
                """)
            .param("u", userId)
            .param("r", videoId)
            .query((rs, n) -> {
              Timestamp at = rs.getTimestamp(11);
              return new PublicationMetrics(
                  rs.getObject(1, UUID.class),
                  rs.getString(2),
                  rs.getObject(3, UUID.class),
                  rs.getString(4),
                  rs.getString(5),
                  metrics(rs, 7),
                  at == null ? null : at.toInstant());
            })
            .list();
    if (pubs.isEmpty()) {
      return Optional.empty();
    }
    String runId =
        jdbc.sql("SELECT run_id FROM publications WHERE user_id = :u AND render_id = :r LIMIT 1")
            .param("u", userId)
            .param("r", videoId)
            .query(String.class)
            .single();
    Metrics total =
        pubs.stream().map(PublicationMetrics::metrics).reduce(Metrics.ZERO, Metrics::plus);
    return Optional.of(new VideoDetail(videoId, runId, total, pubs, daily(userId, videoId, 30)));
  }

  private static Metrics metrics(ResultSet rs, int first) throws SQLException {
    return new Metrics(
        rs.getLong(first), rs.getLong(first + 1), rs.getLong(first + 2), rs.getLong(first + 3));
  }
}
