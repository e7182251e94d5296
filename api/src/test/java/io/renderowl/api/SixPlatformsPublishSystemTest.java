package io.renderowl.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.renderowl.api.ApiClient.Reply;
import io.renderowl.apisystem.EngineApiTestApplication;
import io.renderowl.infra.persistence.PublicationRepository;
import io.renderowl.infra.persistence.PublicationRow;
import io.renderowl.infra.users.LocalUser;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A whole pipeline (offline providers, the real workers) whose video is posted to one connected
 * account on each of the six platforms, every platform a WireMock stub of its documented contract
 * on loopback: each stub receives exactly one posting mutation and every publication ends {@code
 * published}.
 */
@Tag("system")
@DirtiesContext
@SpringBootTest(
    classes = EngineApiTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Timeout(value = 12, unit = TimeUnit.MINUTES) // one real run: > 2 min on a loaded 2-core machine
class SixPlatformsPublishSystemTest {
  static final Duration RUN_LIMIT = Duration.ofMinutes(9);

  /** LinkedIn's initializeUpload answers one part covering the declared fileSizeBytes. */
  static final class LinkedInInit implements ResponseDefinitionTransformerV2 {
    static final String NAME = "linkedin-init";
    private static final Pattern SIZE = Pattern.compile("\"fileSizeBytes\"\\s*:\\s*(\\d+)");

    @Override
    public ResponseDefinition transform(ServeEvent event) {
      Matcher m = SIZE.matcher(event.getRequest().getBodyAsString());
      long size = m.find() ? Long.parseLong(m.group(1)) : 0;
      return ResponseDefinitionBuilder.responseDefinition()
          .withStatus(200)
          .withHeader("Content-Type", "application/json")
          .withBody(
              "{\"value\":{\"video\":\"urn:li:video:SYS\",\"uploadToken\":\"\","
                  + "\"uploadInstructions\":[{\"uploadUrl\":\""
                  + PLATFORMS.baseUrl()
                  + "/li/upload/0\",\"firstByte\":0,\"lastByte\":"
                  + (size - 1)
                  + "}]}}")
          .build();
    }

    @Override
    public String getName() {
      return NAME;
    }

    @Override
    public boolean applyGlobally() {
      return false;
    }
  }

  static final WireMockServer PLATFORMS =
      new WireMockServer(
          WireMockConfiguration.options()
              .dynamicPort()
              .bindAddress("127.0.0.1")
              .extensions(new LinkedInInit()));

  static {
    PLATFORMS.start();
  }

  @DynamicPropertySource
  static void engine(DynamicPropertyRegistry registry) {
    EngineApiTestApplication.properties(registry);
    String base = PLATFORMS.baseUrl();
    registry.add("YOUTUBE_API_URL", () -> base);
    registry.add("TIKTOK_API_URL", () -> base);
    registry.add("INSTAGRAM_API_URL", () -> base + "/v21.0");
    registry.add("FACEBOOK_API_URL", () -> base + "/v21.0");
    registry.add("X_API_URL", () -> base);
    registry.add("LINKEDIN_API_URL", () -> base);
    registry.add("FACEBOOK_CLIENT_ID", () -> "4242");
    registry.add("RENDEROWL_PUBLISH_CHUNK_MB", () -> "64");
    registry.add("RENDEROWL_PUBLISH_POLL_SECONDS", () -> "1");
  }

  @AfterAll
  static void stopPlatforms() {
    PLATFORMS.stop();
  }

  @LocalServerPort int port;
  @Autowired LocalUser localUser;
  @Autowired DataSource db;
  @Autowired PublicationRepository publications;

  private static void stubPlatforms() {
    String base = PLATFORMS.baseUrl();
    // YouTube: resumable session, one PUT (the video is under one 64 MiB chunk), then processed
    PLATFORMS.stubFor(
        post(urlPathEqualTo("/upload/youtube/v3/videos"))
            .willReturn(aResponse().withHeader("Location", base + "/yt/session/1")));
    PLATFORMS.stubFor(put(urlPathEqualTo("/yt/session/1")).willReturn(okJson("{\"id\":\"yt-1\"}")));
    PLATFORMS.stubFor(
        get(urlPathEqualTo("/youtube/v3/videos"))
            .willReturn(
                okJson(
                    "{\"items\":[{\"id\":\"yt-1\",\"status\":{\"uploadStatus\":\"processed\"},"
                        + "\"processingDetails\":{\"processingStatus\":\"succeeded\"}}]}")));
    // TikTok: creator_info, init, the bytes, status
    String ok = "\"error\":{\"code\":\"ok\",\"message\":\"\",\"log_id\":\"1\"}";
    PLATFORMS.stubFor(
        post(urlPathEqualTo("/v2/post/publish/creator_info/query/"))
            .willReturn(
                okJson(
                    "{\"data\":{\"privacy_level_options\":[\"PUBLIC_TO_EVERYONE\"],"
                        + "\"max_video_post_duration_sec\":600},"
                        + ok
                        + "}")));
    PLATFORMS.stubFor(
        post(urlPathEqualTo("/v2/post/publish/video/init/"))
            .willReturn(
                okJson(
                    "{\"data\":{\"publish_id\":\"tt-1\",\"upload_url\":\""
                        + base
                        + "/tt/upload\"},"
                        + ok
                        + "}")));
    PLATFORMS.stubFor(put(urlPathEqualTo("/tt/upload")).willReturn(aResponse().withStatus(201)));
    PLATFORMS.stubFor(
        post(urlPathEqualTo("/v2/post/publish/status/fetch/"))
            .willReturn(
                okJson(
                    "{\"data\":{\"status\":\"PUBLISH_COMPLETE\","
                        + "\"publicaly_available_post_id\":[\"7300000000000000001\"]},"
                        + ok
                        + "}")));
    // Instagram: limit, container, status, publish, permalink
    PLATFORMS.stubFor(
        get(urlPathEqualTo("/v21.0/ig-1/content_publishing_limit"))
            .willReturn(
                okJson("{\"data\":[{\"quota_usage\":0,\"config\":{\"quota_total\":50}}]}")));
    PLATFORMS.stubFor(
        post(urlPathEqualTo("/v21.0/ig-1/media")).willReturn(okJson("{\"id\":\"c-1\"}")));
    PLATFORMS.stubFor(
        get(urlPathEqualTo("/v21.0/c-1")).willReturn(okJson("{\"status_code\":\"FINISHED\"}")));
    PLATFORMS.stubFor(
        post(urlPathEqualTo("/v21.0/ig-1/media_publish")).willReturn(okJson("{\"id\":\"m-1\"}")));
    PLATFORMS.stubFor(
        get(urlPathEqualTo("/v21.0/m-1"))
            .willReturn(okJson("{\"permalink\":\"https://www.instagram.com/reel/SYS/\"}")));
    // Facebook: upload session, the bytes, the Page token, the Page video, its processing status
    PLATFORMS.stubFor(
        post(urlPathEqualTo("/v21.0/4242/uploads")).willReturn(okJson("{\"id\":\"upload:U1lT\"}")));
    PLATFORMS.stubFor(
        post(urlPathEqualTo("/v21.0/upload:U1lT")).willReturn(okJson("{\"h\":\"2:handle\"}")));
    PLATFORMS.stubFor(
        get(urlPathEqualTo("/v21.0/page-1"))
            .willReturn(okJson("{\"access_token\":\"page-token\",\"id\":\"page-1\"}")));
    PLATFORMS.stubFor(
        post(urlPathEqualTo("/v21.0/page-1/videos")).willReturn(okJson("{\"id\":\"fbv-1\"}")));
    PLATFORMS.stubFor(
        get(urlPathEqualTo("/v21.0/fbv-1"))
            .willReturn(
                okJson(
                    "{\"id\":\"fbv-1\",\"status\":{\"video_status\":\"ready\"},"
                        + "\"permalink_url\":\"/page-1/videos/fbv-1/\"}")));
    // X: initialize, append, finalize, STATUS, post
    PLATFORMS.stubFor(
        post(urlPathEqualTo("/2/media/upload/initialize"))
            .willReturn(okJson("{\"data\":{\"id\":\"111\",\"media_key\":\"13_111\"}}")));
    PLATFORMS.stubFor(
        post(urlPathEqualTo("/2/media/upload/111/append"))
            .willReturn(okJson("{\"data\":{\"expires_at\":1}}")));
    PLATFORMS.stubFor(
        post(urlPathEqualTo("/2/media/upload/111/finalize"))
            .willReturn(okJson("{\"data\":{\"id\":\"111\",\"media_key\":\"13_111\"}}")));
    PLATFORMS.stubFor(
        get(urlPathEqualTo("/2/media/upload"))
            .willReturn(okJson("{\"data\":{\"processing_info\":{\"state\":\"succeeded\"}}}")));
    PLATFORMS.stubFor(
        post(urlPathEqualTo("/2/tweets"))
            .willReturn(aResponse().withStatus(201).withBody("{\"data\":{\"id\":\"x-1\"}}")));
    // LinkedIn: initializeUpload, the part, finalizeUpload, status, post
    PLATFORMS.stubFor(
        post(urlPathEqualTo("/rest/videos"))
            .withQueryParam(
                "action",
                com.github.tomakehurst.wiremock.client.WireMock.equalTo("initializeUpload"))
            .willReturn(aResponse().withTransformers(LinkedInInit.NAME)));
    PLATFORMS.stubFor(
        post(urlPathEqualTo("/rest/videos"))
            .withQueryParam(
                "action", com.github.tomakehurst.wiremock.client.WireMock.equalTo("finalizeUpload"))
            .willReturn(aResponse().withStatus(200)));
    PLATFORMS.stubFor(
        put(urlPathEqualTo("/li/upload/0"))
            .willReturn(aResponse().withStatus(200).withHeader("ETag", "etag-0")));
    PLATFORMS.stubFor(
        get(urlPathMatching("/rest/videos/.*")).willReturn(okJson("{\"status\":\"AVAILABLE\"}")));
    PLATFORMS.stubFor(
        post(urlPathEqualTo("/rest/posts"))
            .willReturn(aResponse().withStatus(201).withHeader("x-restli-id", "urn:li:share:1")));
  }

  /** One account per platform for the local user (test rows; the service reads them as stored). */
  private Map<String, UUID> connectAccounts() {
    Map<String, String> platformUsers = new LinkedHashMap<>();
    platformUsers.put("youtube", "UC-sys");
    platformUsers.put("tiktok", "open-sys");
    platformUsers.put("instagram", "ig-1");
    platformUsers.put("facebook", "page-1");
    platformUsers.put("x", "2244994945");
    platformUsers.put("linkedin", "member-sys");
    Map<String, UUID> ids = new LinkedHashMap<>();
    platformUsers.forEach((platform, user) ->
        ids.put(
            platform,
            JdbcClient.create(db)
                .sql(
                    "INSERT INTO social_accounts (user_id, platform, platform_user_id, username,"
                        + " channel_name, access_token) VALUES (?, ?, ?, 'owl', 'Owls', ?)"
                        + " RETURNING id")
                .params(localUser.id(), platform, user, "token-" + platform)
                .query(UUID.class)
                .single()));
    return ids;
  }

  private static int seen(RequestPatternBuilder pattern) {
    return PLATFORMS.findAll(pattern).size();
  }

  @Test
  void aRunPostsItsVideoOnceToEachOfTheSixPlatforms() {
    stubPlatforms();
    Map<String, UUID> accounts = connectAccounts();
    ApiClient api = new ApiClient(port);
    String ids = String.join(",", accounts.values().stream().map(id -> "\"" + id + "\"").toList());

    Reply accepted =
        api.post(
            "/api/v1/pipelines",
            "{\"topic\": \"Why owls fly silently\", \"aspect\": \"1:1\", \"duration\": 10,"
                + " \"accounts\": ["
                + ids
                + "]}",
            "Authorization",
            "Bearer " + localUser.apiKey(),
            "Content-Type",
            "application/json",
            "Idempotency-Key",
            ApiClient.uniqueKey());
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    String runId = accepted.text("/data/id");
    String statusUrl = accepted.text("/data/status_url");

    AtomicReference<Reply> last = new AtomicReference<>();
    await()
        .atMost(RUN_LIMIT)
        .pollInterval(Duration.ofSeconds(2))
        .until(() -> {
          Reply status = api.get(statusUrl, "Authorization", "Bearer " + localUser.apiKey());
          last.set(status);
          String state = status.text("/data/status");
          return state.equals("completed") || state.equals("failed");
        });
    assertThat(last.get().text("/data/status")).as(last.get().body()).isEqualTo("completed");

    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(() -> {
          for (var account : accounts.entrySet()) {
            PublicationRow row =
                publications.find(runId, account.getKey(), account.getValue()).orElseThrow();
            assertThat(row.status())
                .as(account.getKey() + ": " + row.reason())
                .isEqualTo("published");
          }
        });
    assertThat(seen(postRequestedFor(urlPathEqualTo("/upload/youtube/v3/videos")))).isEqualTo(1);
    assertThat(seen(postRequestedFor(urlPathEqualTo("/v2/post/publish/video/init/")))).isEqualTo(1);
    assertThat(seen(postRequestedFor(urlPathEqualTo("/v21.0/ig-1/media_publish")))).isEqualTo(1);
    assertThat(seen(postRequestedFor(urlPathEqualTo("/v21.0/page-1/videos")))).isEqualTo(1);
    assertThat(seen(postRequestedFor(urlPathEqualTo("/2/tweets")))).isEqualTo(1);
    assertThat(seen(postRequestedFor(urlPathEqualTo("/rest/posts")))).isEqualTo(1);
    for (String platform : List.of("youtube", "tiktok", "instagram", "facebook", "x", "linkedin")) {
      PublicationRow row = publications.find(runId, platform, accounts.get(platform)).orElseThrow();
      assertThat(row.location()).as(platform).isNotBlank();
    }
  }
}
