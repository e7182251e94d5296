package io.renderowl.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.renderowl.api.ApiClient.Reply;
import io.renderowl.apichannels.ChannelPostingTestApplication;
import io.renderowl.infra.persistence.UserRepository;
import io.renderowl.infra.pipeline.PipelineRuns;
import io.renderowl.infra.temporal.TemporalConnection;
import io.renderowl.infra.users.LocalUser;
import io.renderowl.workflows.Aspect;
import io.renderowl.workflows.PipelineRequest;
import io.renderowl.workflows.PipelineResult;
import io.renderowl.workflows.Publication;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The engine with the API and channels, its stages instant except a render that stores a small
 * video, posting through the real YouTube and TikTok publishers to stubs on loopback that record
 * what they were sent.
 *
 * <p>Each test class gets its own application ({@code @DirtiesContext}): Spring 7 pauses a cached
 * context while other classes run and restarts its workers when it is used again, and the
 * in-process Temporal test server never moves a running workflow's tasks off the stopped workers'
 * sticky queue (a real server does after 5 s), so the long-running run-permit gate would never
 * answer the resumed application's runs.
 */
@Tag("system")
@DirtiesContext
@SpringBootTest(
    classes = ChannelPostingTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Timeout(value = 5, unit = TimeUnit.MINUTES) // the embedded stack starts once
abstract class PostingStack {
  static final String DEV_KEY = "owl_channel-posting-dev-key";
  static final String DEV = "Bearer " + DEV_KEY;
  static final String OTHER_KEY = "owl_channel-posting-other-key";
  static final String OTHER = "Bearer " + OTHER_KEY;
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final WireMockServer PLATFORMS =
      new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

  static {
    PLATFORMS.start();
    Runtime.getRuntime().addShutdownHook(new Thread(PLATFORMS::stop));
  }

  @DynamicPropertySource
  static void engine(DynamicPropertyRegistry registry) {
    ChannelPostingTestApplication.properties(registry, "http://127.0.0.1:" + PLATFORMS.port());
  }

  @LocalServerPort int port;
  @Autowired UserRepository users;
  @Autowired LocalUser localUser;
  @Autowired DataSource dataSource;
  @Autowired TemporalConnection temporal;
  @Autowired PipelineRuns runs;
  ApiClient api;
  JdbcClient jdbc;

  @BeforeEach
  void stubs() {
    api = new ApiClient(port);
    jdbc = JdbcClient.create(dataSource);
    users.ensureApiToken(localUser.id(), "channel posting dev key", DEV_KEY);
    PLATFORMS.resetAll();
    PlatformStubs.youtube(PLATFORMS);
    PlatformStubs.tiktok(PLATFORMS);
  }

  /** A connected account of {@code user}; its (plain, test) access token is {@code token}. */
  UUID account(UUID user, String platform, String token) {
    return PlatformStubs.account(jdbc, user, platform, token);
  }

  UUID otherUser() {
    UUID other =
        users.ensureUser(
            "channel-posting:other",
            "channel-posting-other@renderowl.test",
            "Other",
            LocalUser.STARTING_CREDITS);
    users.ensureApiToken(other, "channel posting other key", OTHER_KEY);
    return other;
  }

  Reply createChannel(String auth, String name, String accountsJson) {
    return api.post(
        "/api/v1/channels",
        "{\"name\":\""
            + name
            + "\",\"cron_expr\":\"0 9 * * *\",\"timezone\":\"Europe/Berlin\","
            + "\"topic_source\":\"list\",\"topics\":[\""
            + name
            + " at night\"],\"duration\":12,\"quality\":\"preview\",\"accounts\":"
            + accountsJson
            + "}",
        "Authorization",
        auth,
        "Content-Type",
        "application/json");
  }

  PipelineResult fireAndWait(String channelId) throws Exception {
    Reply fired = api.post("/api/v1/channels/" + channelId + "/run", "", "Authorization", DEV);
    assertThat(fired.status()).as(fired.body()).isEqualTo(200);
    String runId = fired.text("/data/run_ids/0");
    assertThat(runId).as(fired.body()).isNotBlank();
    return temporal
        .client()
        .newUntypedWorkflowStub(runId)
        .getResult(120, TimeUnit.SECONDS, PipelineResult.class);
  }

  /** A finished run of the local user (its video stored), posted nowhere yet. */
  PipelineResult finishedRun(String topic) throws Exception {
    String runId =
        runs.start(
                new PipelineRequest(
                    localUser.id().toString(),
                    topic,
                    Aspect.VERTICAL,
                    12,
                    "en",
                    List.of("local-folder"),
                    UUID.randomUUID().toString(),
                    null,
                    null,
                    "preview"))
            .runId();
    return temporal
        .client()
        .newUntypedWorkflowStub(runId)
        .getResult(120, TimeUnit.SECONDS, PipelineResult.class);
  }

  /** The publication a publishing workflow ended with. */
  Publication publication(String workflowId) throws Exception {
    return temporal
        .client()
        .newUntypedWorkflowStub(workflowId)
        .getResult(120, TimeUnit.SECONDS, Publication.class);
  }

  /** The JSON bodies the stub received at {@code path} with the account's token. */
  static List<JsonNode> sent(String path, String token) {
    return PLATFORMS.findAll(postRequestedFor(urlPathEqualTo(path))).stream()
        .filter(r -> ("Bearer " + token).equals(r.getHeader("Authorization")))
        .map(LoggedRequest::getBodyAsString)
        .map(JSON::readTree)
        .toList();
  }

  /** Stubs of the platforms' documented answers, shared by the posting tests. */
  static final class PlatformStubs {
    private PlatformStubs() {}

    static UUID account(JdbcClient jdbc, UUID user, String platform, String token) {
      return jdbc.sql(
              """
              INSERT INTO social_accounts (user_id, platform, platform_user_id, username,
                channel_name, access_token, token_expires_at, is_active)
              VALUES (:u, :p, :pu, 'owlchannel', 'Owls', :t, NOW() + INTERVAL '1 day', true)
              RETURNING id
              """)
          .param("u", user)
          .param("p", platform)
          .param("pu", platform + "-" + UUID.randomUUID())
          .param("t", token)
          .query(UUID.class)
          .single();
    }

    /**
     * YouTube Data API v3: the resumable session, one chunk (the whole small video) answered with
     * the video resource, and videos.list saying it is processed.
     */
    static void youtube(WireMockServer platforms) {
      platforms.stubFor(
          post(urlPathEqualTo("/upload/youtube/v3/videos"))
              .withQueryParam("uploadType", equalTo("resumable"))
              .willReturn(
                  aResponse()
                      .withStatus(200)
                      .withHeader("Location", platforms.baseUrl() + "/upload/session/s1")));
      platforms.stubFor(
          put(urlPathMatching("/upload/session/.*"))
              .willReturn(
                  aResponse()
                      .withStatus(200)
                      .withHeader("Content-Type", "application/json")
                      .withBody("{\"id\":\"vid-1\",\"status\":{\"uploadStatus\":\"uploaded\"}}")));
      platforms.stubFor(
          get(urlPathEqualTo("/youtube/v3/videos"))
              .willReturn(
                  aResponse()
                      .withHeader("Content-Type", "application/json")
                      .withBody(
                          "{\"items\":[{\"id\":\"vid-1\",\"status\":{\"uploadStatus\":\"processed\"}}]}")));
    }

    static final String OK =
        "\"error\":{\"code\":\"ok\",\"message\":\"\",\"log_id\":\"202612031200\"}";

    /**
     * TikTok Content Posting API: creator_info, direct post init with FILE_UPLOAD, one PUT of the
     * whole (under 5 MB) video, status/fetch PUBLISH_COMPLETE.
     */
    static void tiktok(WireMockServer platforms) {
      platforms.stubFor(
          post(urlPathEqualTo("/v2/post/publish/creator_info/query/"))
              .willReturn(
                  aResponse()
                      .withHeader("Content-Type", "application/json")
                      .withBody(
                          "{\"data\":{\"creator_username\":\"owlchannel\",\"privacy_level_options\":"
                              + "[\"PUBLIC_TO_EVERYONE\",\"MUTUAL_FOLLOW_FRIENDS\",\"SELF_ONLY\"],"
                              + "\"max_video_post_duration_sec\":600},"
                              + OK
                              + "}")));
      for (String init : new String[] {"video", "inbox/video"}) {
        platforms.stubFor(
            post(urlPathEqualTo("/v2/post/publish/" + init + "/init/"))
                .willReturn(
                    aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(
                            "{\"data\":{\"publish_id\":\"v_pub_file~1\",\"upload_url\":\""
                                + platforms.baseUrl()
                                + "/video/upload/abc\"},"
                                + OK
                                + "}")));
      }
      platforms.stubFor(
          put(urlPathEqualTo("/video/upload/abc")).willReturn(aResponse().withStatus(201)));
      platforms.stubFor(
          post(urlPathEqualTo("/v2/post/publish/status/fetch/"))
              .willReturn(
                  aResponse()
                      .withHeader("Content-Type", "application/json")
                      .withBody(
                          "{\"data\":{\"status\":\"PUBLISH_COMPLETE\",\"publicaly_available_post_id\":"
                              + "[7300000000000000001]},"
                              + OK
                              + "}")));
    }
  }
}
