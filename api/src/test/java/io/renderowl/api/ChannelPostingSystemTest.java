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
import io.renderowl.infra.temporal.TemporalConnection;
import io.renderowl.infra.users.LocalUser;
import io.renderowl.workflows.PipelineResult;
import io.renderowl.workflows.Publication;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Autopilot channels that post: a channel names connected accounts with per-platform metadata, and
 * each fire's videos are posted there through the publishing workflows, to YouTube and TikTok stubs
 * on loopback that record what they were sent.
 */
@Tag("system")
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(
    classes = ChannelPostingTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Timeout(value = 5, unit = TimeUnit.MINUTES) // the embedded stack starts once for the class
class ChannelPostingSystemTest {
  static final String DEV_KEY = "owl_channel-posting-dev-key";
  static final String DEV = "Bearer " + DEV_KEY;
  static final String OTHER_KEY = "owl_channel-posting-other-key";
  static final String OTHER = "Bearer " + OTHER_KEY;
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final WireMockServer PLATFORMS =
      new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

  static {
    PLATFORMS.start();
  }

  @DynamicPropertySource
  static void engine(DynamicPropertyRegistry registry) {
    ChannelPostingTestApplication.properties(registry, "http://127.0.0.1:" + PLATFORMS.port());
  }

  @AfterAll
  static void stopStubs() {
    PLATFORMS.stop();
  }

  @LocalServerPort int port;
  @Autowired UserRepository users;
  @Autowired LocalUser localUser;
  @Autowired DataSource dataSource;
  @Autowired TemporalConnection temporal;
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

  /** The JSON bodies the stub received at {@code path} with the account's token. */
  static List<JsonNode> sent(String path, String token) {
    return PLATFORMS.findAll(postRequestedFor(urlPathEqualTo(path))).stream()
        .filter(r -> ("Bearer " + token).equals(r.getHeader("Authorization")))
        .map(LoggedRequest::getBodyAsString)
        .map(JSON::readTree)
        .toList();
  }

  @Test
  void aChannelFirePostsToBothAccountsWithTheChannelsMetadata() throws Exception {
    UUID youtube = account(localUser.id(), "youtube", "yt-fire-token");
    UUID tiktok = account(localUser.id(), "tiktok", "tt-fire-token");

    Reply created =
        createChannel(
            DEV,
            "Owls",
            "[{\"account_id\":\""
                + youtube
                + "\",\"privacy\":\"unlisted\",\"made_for_kids\":true,\"tags\":[\"owls\",\"#night\"],"
                + "\"category\":\"27\",\"title_template\":\"{title} | {channel}\","
                + "\"description_template\":\"{topic}, from {channel}\"},"
                + "{\"account_id\":\""
                + tiktok
                + "\",\"privacy\":\"private\",\"tags\":[\"birds\"]}]");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.text("/data/id");
    Reply shown = api.get("/api/v1/channels/" + id, "Authorization", DEV);
    assertThat(shown.text("/data/accounts/0/account_id")).isEqualTo(youtube.toString());
    assertThat(shown.text("/data/accounts/0/privacy")).isEqualTo("unlisted");
    assertThat(shown.json().at("/data/accounts/0/made_for_kids").asBoolean()).isTrue();
    assertThat(shown.json().at("/data/accounts/0/tags").toString())
        .isEqualTo("[\"owls\",\"night\"]");
    assertThat(shown.text("/data/accounts/1/privacy")).isEqualTo("private");
    assertThat(shown.json().at("/data/accounts/1/made_for_kids").asBoolean()).isFalse();

    PipelineResult result = fireAndWait(id);

    assertThat(result.publications())
        .filteredOn(p -> !p.platform().equals("local-folder"))
        .extracting(Publication::platform, Publication::state)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("youtube", "published"),
            org.assertj.core.groups.Tuple.tuple("tiktok", "published"));
    List<JsonNode> videos = sent("/upload/youtube/v3/videos", "yt-fire-token");
    assertThat(videos).hasSize(1);
    JsonNode video = videos.getFirst();
    assertThat(video.at("/status/privacyStatus").asString()).isEqualTo("unlisted");
    assertThat(video.at("/status/selfDeclaredMadeForKids").asBoolean()).isTrue();
    assertThat(video.at("/snippet/tags").toString()).isEqualTo("[\"owls\",\"night\"]");
    assertThat(video.at("/snippet/categoryId").asString()).isEqualTo("27");
    assertThat(video.at("/snippet/title").asString()).isEqualTo("Owls at night | Owls");
    assertThat(video.at("/snippet/description").asString()).isEqualTo("Owls at night, from Owls");
    List<JsonNode> inits = sent("/v2/post/publish/video/init/", "tt-fire-token");
    assertThat(inits).hasSize(1);
    assertThat(inits.getFirst().at("/post_info/privacy_level").asString()).isEqualTo("SELF_ONLY");
    assertThat(inits.getFirst().at("/post_info/title").asString()).contains("#birds");
    assertThat(inits.getFirst().at("/source_info/source").asString()).isEqualTo("FILE_UPLOAD");
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM publications WHERE run_id = :r AND status = 'published'"
                        + " AND social_account_id IS NOT NULL")
                .param("r", result.runId())
                .query(Integer.class)
                .single())
        .isEqualTo(2);
  }

  @Test
  void anAccountThatNeedsReconnectingFailsItsOwnPostNotTheRun() throws Exception {
    UUID youtube = account(localUser.id(), "youtube", "yt-partial-token");
    UUID tiktok = account(localUser.id(), "tiktok", "tt-partial-token");
    Reply created =
        createChannel(
            DEV,
            "Moths",
            "[{\"account_id\":\"" + youtube + "\"},{\"account_id\":\"" + tiktok + "\"}]");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    // the platform refused the tiktok account's refresh after the channel was set up
    jdbc.sql("UPDATE social_accounts SET needs_reconnect = true WHERE id = :id")
        .param("id", tiktok)
        .update();

    PipelineResult result = fireAndWait(created.text("/data/id"));

    assertThat(result.publications())
        .filteredOn(p -> p.platform().equals("youtube"))
        .extracting(Publication::state)
        .containsExactly("published");
    assertThat(result.publications())
        .filteredOn(p -> p.platform().equals("account:" + tiktok))
        .singleElement()
        .satisfies(p -> {
          assertThat(p.state()).isEqualTo("failed");
          assertThat(p.reason()).contains("disconnected");
        });
    assertThat(sent("/v2/post/publish/video/init/", "tt-partial-token")).isEmpty();
    assertThat(sent("/v2/post/publish/creator_info/query/", "tt-partial-token")).isEmpty();
    // a YouTube default post: public, not made for kids, no tags
    JsonNode video = sent("/upload/youtube/v3/videos", "yt-partial-token").getFirst();
    assertThat(video.at("/status/privacyStatus").asString()).isEqualTo("public");
    assertThat(video.at("/status/selfDeclaredMadeForKids").asBoolean()).isFalse();
  }

  @Test
  void badAccountsAreRefusedNamingTheFieldAndNothingIsStored() {
    UUID mine = account(localUser.id(), "youtube", "yt-bad-token");
    UUID stale = account(localUser.id(), "tiktok", "tt-stale-token");
    jdbc.sql("UPDATE social_accounts SET needs_reconnect = true WHERE id = :id")
        .param("id", stale)
        .update();
    UUID theirs = account(otherUser(), "youtube", "yt-theirs-token");
    long before = jdbc.sql("SELECT count(*) FROM scheduled_jobs").query(Long.class).single();

    Reply foreign = createChannel(DEV, "Foreign", "[{\"account_id\":\"" + theirs + "\"}]");
    Reply reconnect = createChannel(DEV, "Stale", "[{\"account_id\":\"" + stale + "\"}]");
    Reply bad =
        createChannel(
            DEV,
            "Bad",
            "[{\"account_id\":\""
                + mine
                + "\",\"privacy\":\"friends\",\"tags\":[\"a,b\"],\"category\":\"music\","
                + "\"title_template\":\"{nope}\",\"delay_minutes\":-1,\"post_at\":\"25:00\"},"
                + "{\"account_id\":\"not-an-id\"}]");

    assertThat(foreign.status()).isEqualTo(400);
    assertThat(foreign.detailFor("accounts[0].account_id"))
        .contains("is not one of your connected accounts");
    assertThat(reconnect.status()).isEqualTo(400);
    assertThat(reconnect.detailFor("accounts[0].account_id")).contains("must be connected again");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.detailFor("accounts[0].privacy")).contains("'friends'");
    assertThat(bad.detailFor("accounts[0].tags")).contains("'a,b'");
    assertThat(bad.detailFor("accounts[0].category")).contains("'music'");
    assertThat(bad.detailFor("accounts[0].title_template")).contains("{nope}");
    assertThat(bad.detailFor("accounts[0].delay_minutes")).contains("between 0 and");
    assertThat(bad.detailFor("accounts[0].post_at")).contains("'25:00'");
    assertThat(bad.detailFor("accounts[1].account_id")).contains("not an account id");
    assertThat(jdbc.sql("SELECT count(*) FROM scheduled_jobs").query(Long.class).single())
        .isEqualTo(before);
  }

  @Test
  void aChannelsAccountsAreChangedByPatchAndAnotherUsersChannelIsNotFound() {
    UUID youtube = account(localUser.id(), "youtube", "yt-patch-token");
    UUID tiktok = account(localUser.id(), "tiktok", "tt-patch-token");
    Reply created = createChannel(DEV, "Bats", "[{\"account_id\":\"" + youtube + "\"}]");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.text("/data/id");
    otherUser();

    Reply patched =
        api.send(
            "PATCH",
            "/api/v1/channels/" + id,
            java.net.http.HttpRequest.BodyPublishers.ofString(
                "{\"accounts\":[{\"account_id\":\""
                    + tiktok
                    + "\",\"privacy\":\"draft\",\"post_at\":\"18:30\"}]}"),
            "Authorization",
            DEV,
            "Content-Type",
            "application/json");
    Reply stolen =
        api.send(
            "PATCH",
            "/api/v1/channels/" + id,
            java.net.http.HttpRequest.BodyPublishers.ofString("{\"accounts\":[]}"),
            "Authorization",
            OTHER,
            "Content-Type",
            "application/json");
    Reply draftOnYoutube =
        api.send(
            "PATCH",
            "/api/v1/channels/" + id,
            java.net.http.HttpRequest.BodyPublishers.ofString(
                "{\"accounts\":[{\"account_id\":\"" + youtube + "\",\"privacy\":\"draft\"}]}"),
            "Authorization",
            DEV,
            "Content-Type",
            "application/json");

    assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    assertThat(patched.json().at("/data/accounts").size()).isEqualTo(1);
    assertThat(patched.text("/data/accounts/0/account_id")).isEqualTo(tiktok.toString());
    assertThat(patched.text("/data/accounts/0/post_at")).isEqualTo("18:30");
    assertThat(patched.text("/data/name")).isEqualTo("Bats");
    assertThat(stolen.status()).isEqualTo(404);
    assertThat(draftOnYoutube.status()).isEqualTo(400);
    assertThat(draftOnYoutube.detailFor("accounts[0].privacy")).contains("TikTok inbox draft");
    Reply listed = api.get("/api/v1/channels?limit=100", "Authorization", DEV);
    assertThat(listed.body()).contains(tiktok.toString());
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
