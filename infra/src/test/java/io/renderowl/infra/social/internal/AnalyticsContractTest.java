package io.renderowl.infra.social.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.renderowl.infra.config.SocialSettings;
import io.renderowl.infra.social.SocialAnalytics.Dashboard;
import io.renderowl.infra.social.SocialAnalytics.Metrics;
import io.renderowl.infra.social.SocialAnalytics.VideoDetail;
import io.renderowl.infra.social.SocialPlatform;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The analytics sync against WireMock stubs of each platform's documented metrics endpoint: the
 * request it sends (ids per call, fields, headers) and how the answer lands in {@code analytics};
 * then the dashboard and per-video reads over what was recorded.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // embedded PostgreSQL and a WireMock server
class AnalyticsContractTest {
  private static WireMockServer stub;
  private static JdbcSocialAccounts accounts;
  private static JdbcSocialAnalytics analytics;
  private static JdbcClient jdbc;
  private UUID user;
  private UUID render;

  @BeforeAll
  static void start() {
    stub = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    stub.start();
    SocialSettings settings =
        SocialFixtures.settings(stub, Map.of("RENDEROWL_ANALYTICS_RPM", "600"));
    accounts = SocialFixtures.accounts(settings);
    analytics = SocialFixtures.analytics(settings, accounts);
    jdbc = JdbcClient.create(SocialFixtures.database());
  }

  @AfterAll
  static void stop() {
    stub.stop();
  }

  @BeforeEach
  void freshUserAndVideo() {
    stub.resetAll();
    // Earlier tests' publications stay in the shared database; retire them so each test syncs its
    // own.
    jdbc.sql("UPDATE publications SET status = 'archived' WHERE status = 'published'").update();
    user = SocialFixtures.newUser();
    render = newRender(user);
  }

  @Test
  void youtubeStatisticsAreReadForUpTo50VideosPerCall() {
    UUID account = account(SocialPlatform.YOUTUBE, "yt-token");
    publish(render, "youtube", account, "vid1");
    publish(newRender(user), "youtube", account, "vid2");
    stub.stubFor(
        get(urlPathEqualTo("/youtube/api/youtube/v3/videos"))
            .withQueryParam("part", equalTo("statistics"))
            .withQueryParam("id", equalTo("vid1,vid2"))
            .withHeader("Authorization", equalTo("Bearer yt-token"))
            .willReturn(
                okJson(
                    "{\"kind\":\"youtube#videoListResponse\",\"items\":["
                        + "{\"id\":\"vid1\",\"statistics\":{\"viewCount\":\"1200\",\"likeCount\":\"80\",\"favoriteCount\":\"0\",\"commentCount\":\"7\"}},"
                        + "{\"id\":\"vid2\",\"statistics\":{\"viewCount\":\"5\",\"likeCount\":\"1\",\"commentCount\":\"0\"}}]}")));

    List<String> report = analytics.sync();

    assertThat(report).contains("youtube: 2 of 2 publication(s) recorded");
    assertThat(latest(render)).isEqualTo(new Metrics(1200, 80, 7, 0));
    stub.verify(1, getRequestedFor(urlPathEqualTo("/youtube/api/youtube/v3/videos")));
  }

  @Test
  void tiktokVideosAreQueriedTwentyIdsAtATime() {
    UUID account = account(SocialPlatform.TIKTOK, "act.tt");
    IntStream.range(0, 25)
        .forEach(i -> publish(i == 0 ? render : newRender(user), "tiktok", account, "73" + i));
    stub.stubFor(
        post(urlPathEqualTo("/tiktok/api/v2/video/query/"))
            .withQueryParam("fields", equalTo("id,view_count,like_count,comment_count,share_count"))
            .withHeader("Authorization", equalTo("Bearer act.tt"))
            .withHeader("Content-Type", equalTo("application/json"))
            .willReturn(
                okJson(
                    "{\"data\":{\"videos\":["
                        + IntStream.range(0, 25)
                            .mapToObj(i ->
                                "{\"id\":\"73"
                                    + i
                                    + "\",\"view_count\":"
                                    + (100 + i)
                                    + ",\"like_count\":3,\"comment_count\":2,\"share_count\":1}")
                            .reduce((a, b) -> a + "," + b)
                            .orElseThrow()
                        + "],\"cursor\":0,\"has_more\":false},\"error\":{\"code\":\"ok\",\"message\":\"\",\"log_id\":\"1\"}}")));

    List<String> report = analytics.sync();

    assertThat(report).contains("tiktok: 25 of 25 publication(s) recorded");
    var calls = stub.findAll(postRequestedFor(urlPathEqualTo("/tiktok/api/v2/video/query/")));
    assertThat(calls).hasSize(2);
    assertThat(calls.get(0).getBodyAsString()).contains("\"video_ids\":[");
    stub.verify(
        postRequestedFor(urlPathEqualTo("/tiktok/api/v2/video/query/"))
            .withRequestBody(matchingJsonPath("$.filters.video_ids.length()", equalTo("20"))));
    stub.verify(
        postRequestedFor(urlPathEqualTo("/tiktok/api/v2/video/query/"))
            .withRequestBody(matchingJsonPath("$.filters.video_ids.length()", equalTo("5"))));
    assertThat(latest(render)).isEqualTo(new Metrics(100, 3, 2, 1));
  }

  @Test
  void instagramMediaInsightsAreRead() {
    UUID account = account(SocialPlatform.INSTAGRAM, "EAA-ig");
    publish(render, "instagram", account, "17900000001");
    stub.stubFor(
        get(urlPathEqualTo("/instagram/api/17900000001/insights"))
            .withQueryParam("metric", equalTo("views,likes,comments,shares"))
            .withHeader("Authorization", equalTo("Bearer EAA-ig"))
            .willReturn(
                okJson(
                    "{\"data\":["
                        + "{\"name\":\"views\",\"period\":\"lifetime\",\"values\":[{\"value\":940}],\"id\":\"1/insights/views/lifetime\"},"
                        + "{\"name\":\"likes\",\"period\":\"lifetime\",\"values\":[{\"value\":41}]},"
                        + "{\"name\":\"comments\",\"period\":\"lifetime\",\"values\":[{\"value\":6}]},"
                        + "{\"name\":\"shares\",\"period\":\"lifetime\",\"values\":[{\"value\":3}]}]}")));

    assertThat(analytics.sync()).contains("instagram: 1 of 1 publication(s) recorded");
    assertThat(latest(render)).isEqualTo(new Metrics(940, 41, 6, 3));
  }

  @Test
  void facebookVideoInsightsAreRead() {
    UUID account = account(SocialPlatform.FACEBOOK, "EAA-fb");
    publish(render, "facebook", account, "10150000");
    stub.stubFor(
        get(urlPathEqualTo("/facebook/api/10150000/video_insights"))
            .withHeader("Authorization", equalTo("Bearer EAA-fb"))
            .willReturn(
                okJson(
                    "{\"data\":["
                        + "{\"name\":\"total_video_views\",\"period\":\"lifetime\",\"values\":[{\"value\":510}]},"
                        + "{\"name\":\"total_video_reactions_by_type_total\",\"period\":\"lifetime\",\"values\":[{\"value\":{\"like\":20,\"love\":4}}]},"
                        + "{\"name\":\"total_video_stories_by_action_type\",\"period\":\"lifetime\",\"values\":[{\"value\":{\"share\":9,\"like\":24,\"comment\":5}}]}]}")));

    assertThat(analytics.sync()).contains("facebook: 1 of 1 publication(s) recorded");
    assertThat(latest(render)).isEqualTo(new Metrics(510, 24, 5, 9));
  }

  @Test
  void xPublicMetricsAreReadForUpTo100PostsPerCall() {
    UUID account = account(SocialPlatform.X, "x-at");
    publish(render, "x", account, "1460323737035677698");
    stub.stubFor(
        get(urlPathEqualTo("/x/api/2/tweets"))
            .withQueryParam("ids", equalTo("1460323737035677698"))
            .withQueryParam("tweet.fields", equalTo("public_metrics"))
            .withHeader("Authorization", equalTo("Bearer x-at"))
            .willReturn(
                okJson(
                    "{\"data\":[{\"id\":\"1460323737035677698\",\"text\":\"owl\",\"public_metrics\":"
                        + "{\"retweet_count\":4,\"reply_count\":2,\"like_count\":30,\"quote_count\":1,\"bookmark_count\":0,\"impression_count\":777}}]}")));

    assertThat(analytics.sync()).contains("x: 1 of 1 publication(s) recorded");
    assertThat(latest(render)).isEqualTo(new Metrics(777, 30, 2, 5));
  }

  @Test
  void linkedinPostAnalyticsAreReadPerMetricWithTheVersionHeaders() {
    UUID account = account(SocialPlatform.LINKEDIN, "AQ-li");
    publish(render, "linkedin", account, "urn:li:share:7100000000000000000");
    Map<String, Integer> counts =
        Map.of("IMPRESSION", 400, "REACTION", 12, "COMMENT", 3, "RESHARE", 2);
    counts.forEach((type, count) ->
        stub.stubFor(
            get(urlPathEqualTo("/linkedin/api/rest/memberCreatorPostAnalytics"))
                .withQueryParam("q", equalTo("entity"))
                .withQueryParam("entity", equalTo("(share:urn:li:share:7100000000000000000)"))
                .withQueryParam("queryType", equalTo(type))
                .withQueryParam("aggregation", equalTo("TOTAL"))
                .withHeader("LinkedIn-Version", equalTo(MetricsReader.LINKEDIN_VERSION))
                .withHeader("X-Restli-Protocol-Version", equalTo("2.0.0"))
                .withHeader("Authorization", equalTo("Bearer AQ-li"))
                .willReturn(
                    okJson(
                        "{\"paging\":{\"start\":0,\"count\":10},\"elements\":[{\"count\":"
                            + count
                            + ",\"metricType\":{\"com.linkedin.adsexternalapi.memberanalytics.v1.CreatorPostAnalyticsMetricTypeV1\":\""
                            + type
                            + "\"}}]}"))));

    assertThat(analytics.sync()).contains("linkedin: 1 of 1 publication(s) recorded");
    assertThat(latest(render)).isEqualTo(new Metrics(400, 12, 3, 2));
  }

  @Test
  void aRateLimitStopsThatPlatformUntilTheNextRunAndSaysWhen() {
    UUID account = account(SocialPlatform.X, "x-at");
    publish(render, "x", account, "1");
    stub.stubFor(
        get(urlPathEqualTo("/x/api/2/tweets"))
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader(
                        "x-rate-limit-reset", String.valueOf(Instant.now().getEpochSecond() + 60))
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"title\":\"Too Many Requests\",\"detail\":\"Too Many Requests\",\"type\":\"about:blank\",\"status\":429}")));

    List<String> report = analytics.sync();

    assertThat(report)
        .anyMatch(l ->
            l.matches(
                "x: stopped for this run, rate limited by the platform \\(retry after (59|60) s\\)"));
    assertThat(report).contains("x: 0 of 1 publication(s) recorded");
    assertThat(count(render)).isZero();
  }

  @Test
  void a401RefreshesTheTokenOnceAndReadsAgain() {
    UUID account = account(SocialPlatform.X, "x-stale");
    jdbc.sql("UPDATE social_accounts SET refresh_token = :r WHERE id = :id")
        .param("r", SocialFixtures.cipher().seal("x-rt", account.toString()))
        .param("id", account)
        .update();
    publish(render, "x", account, "1");
    stub.stubFor(
        get(urlPathEqualTo("/x/api/2/tweets"))
            .withHeader("Authorization", equalTo("Bearer x-stale"))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withBody(
                        "{\"title\":\"Unauthorized\",\"detail\":\"Unauthorized\",\"status\":401}")));
    stub.stubFor(
        post(urlPathEqualTo("/x/token"))
            .withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.containing("refresh_token=x-rt"))
            .willReturn(okJson("{\"access_token\":\"x-fresh\",\"expires_in\":7200}")));
    stub.stubFor(
        get(urlPathEqualTo("/x/api/2/tweets"))
            .withHeader("Authorization", equalTo("Bearer x-fresh"))
            .willReturn(
                okJson(
                    "{\"data\":[{\"id\":\"1\",\"public_metrics\":{\"impression_count\":9,\"like_count\":1,\"reply_count\":0,\"retweet_count\":0,\"quote_count\":0}}]}")));

    assertThat(analytics.sync()).contains("x: 1 of 1 publication(s) recorded");
    assertThat(latest(render)).isEqualTo(new Metrics(9, 1, 0, 0));
  }

  @Test
  void theDashboardSumsTheLatestSnapshotPerPlatformAndDayAndOnlyForItsUser() {
    UUID yt = account(SocialPlatform.YOUTUBE, "t");
    UUID x = account(SocialPlatform.X, "t");
    UUID p1 = publish(render, "youtube", yt, "a");
    UUID p2 = publish(render, "x", x, "b");
    snapshot(p1, "youtube", 10, Instant.now().minusSeconds(86_400 * 2));
    snapshot(p1, "youtube", 50, Instant.now().minusSeconds(86_400));
    snapshot(p1, "youtube", 70, Instant.now().minusSeconds(60));
    snapshot(p1, "youtube", 100, Instant.now());
    snapshot(p2, "x", 7, Instant.now());
    UUID stranger = SocialFixtures.newUser();

    Dashboard d = analytics.dashboard(user, 30);
    VideoDetail v = analytics.video(user, render).orElseThrow();

    assertThat(d.total().views()).isEqualTo(107);
    assertThat(d.platforms())
        .extracting(p -> p.platform() + "=" + p.metrics().views())
        .containsExactly("x=7", "youtube=100");
    assertThat(d.daily())
        .filteredOn(p -> p.platform().equals("youtube"))
        .extracting(p -> p.metrics().views())
        .containsExactly(10L, 50L, 100L);
    assertThat(v.total().views()).isEqualTo(107);
    assertThat(v.publications()).hasSize(2);
    assertThat(analytics.videos(user, 0, 10))
        .singleElement()
        .satisfies(m -> assertThat(m.videoId()).isEqualTo(render));
    assertThat(analytics.videoCount(user)).isEqualTo(1);
    assertThat(analytics.video(stranger, render)).isEmpty();
    assertThat(analytics.dashboard(stranger, 30).total()).isEqualTo(Metrics.ZERO);
  }

  // ---- fixtures ----

  private UUID account(SocialPlatform p, String accessToken) {
    UUID id = UUID.randomUUID();
    jdbc.sql(
            "INSERT INTO social_accounts (id, user_id, platform, platform_user_id, username, access_token, token_key_id, token_expires_at)"
                + " VALUES (:id, :u, :p, :pu, 'owl', :a, 'test-key', :e)")
        .param("id", id)
        .param("u", user)
        .param("p", p.id())
        .param("pu", "pu-" + id)
        .param("a", SocialFixtures.cipher().seal(accessToken, id.toString()))
        .param("e", Timestamp.from(Instant.now().plusSeconds(3600)))
        .update();
    return id;
  }

  private static UUID newRender(UUID user) {
    String run = "run-" + UUID.randomUUID().toString().substring(0, 12);
    jdbc.sql(
            "INSERT INTO pipeline_runs (run_id, user_id, topic, request) VALUES (:r, :u, 'owls', '{}')")
        .param("r", run)
        .param("u", user)
        .update();
    return jdbc.sql(
            "INSERT INTO renders (user_id, preset, run_id, status) VALUES (:u, 'preview', :r, 'completed') RETURNING id")
        .param("u", user)
        .param("r", run)
        .query(UUID.class)
        .single();
  }

  private UUID publish(UUID renderId, String platform, UUID account, String remoteId) {
    return jdbc.sql(
            "INSERT INTO publications (run_id, user_id, render_id, platform, social_account_id, external_id, status)"
                + " SELECT run_id, :u, id, :p, :a, :x, 'published' FROM renders WHERE id = :r RETURNING id")
        .param("u", user)
        .param("p", platform)
        .param("a", account)
        .param("x", remoteId)
        .param("r", renderId)
        .query(UUID.class)
        .single();
  }

  private void snapshot(UUID publication, String platform, long views, Instant at) {
    jdbc.sql(
            "INSERT INTO analytics (video_id, platform, views, likes, shares, comments, recorded_at, publication_id)"
                + " VALUES (:v, :p, :views, 0, 0, 0, :at, :pub)")
        .param("v", render)
        .param("p", platform)
        .param("views", views)
        .param("at", Timestamp.from(at))
        .param("pub", publication)
        .update();
  }

  private static Metrics latest(UUID renderId) {
    return jdbc.sql(
            "SELECT views, likes, comments, shares FROM analytics WHERE video_id = :r ORDER BY recorded_at DESC LIMIT 1")
        .param("r", renderId)
        .query((rs, n) -> new Metrics(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
        .single();
  }

  private static long count(UUID renderId) {
    return jdbc.sql("SELECT count(*) FROM analytics WHERE video_id = :r")
        .param("r", renderId)
        .query(Long.class)
        .single();
  }
}
