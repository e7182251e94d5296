package io.renderowl.api;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.renderowl.api.ApiClient.Reply;
import io.renderowl.apisystem.EngineApiTestApplication;
import io.renderowl.infra.persistence.UserRepository;
import io.renderowl.infra.users.LocalUser;
import java.net.http.HttpRequest;
import java.util.ArrayList;
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

/**
 * Connected accounts and analytics over HTTP on the real engine; X's OAuth endpoints are a WireMock
 * stub. Tokens never appear in an answer, and another user's account or video answers 404.
 */
@Tag("system")
// EngineApiTestApplication's state folder is locked by one application at a time: the context
// closes after the class so the next class with its own context can start.
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(
    classes = EngineApiTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Timeout(value = 5, unit = TimeUnit.MINUTES) // the embedded stack starts once for the class
class SocialApiSystemTest {
  // API keys (the auth branch's "owl_" keys replaced the static dev token): DEV is the local
  // user's, registered before each test.
  private static final String DEV_KEY = "owl_social-test-dev-key";
  private static final String DEV = "Bearer " + DEV_KEY;
  private static final String OTHER_TOKEN = "owl_social-test-other-key";
  static final WireMockServer X =
      new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

  static {
    X.start();
  }

  @DynamicPropertySource
  static void engine(DynamicPropertyRegistry registry) {
    EngineApiTestApplication.properties(registry);
    String base = "http://127.0.0.1:" + X.port();
    registry.add("X_CLIENT_ID", () -> "x-client");
    registry.add("X_CLIENT_SECRET", () -> "x-secret");
    registry.add("X_AUTHORIZE_URL", () -> base + "/i/oauth2/authorize");
    registry.add("X_TOKEN_URL", () -> base + "/2/oauth2/token");
    registry.add("X_API_URL", () -> base);
  }

  @AfterAll
  static void stopStub() {
    X.stop();
  }

  @LocalServerPort int port;
  @Autowired UserRepository users;
  @Autowired LocalUser localUser;
  @Autowired DataSource dataSource;

  @BeforeEach
  void devKey() {
    users.ensureApiToken(localUser.id(), "social test dev key", DEV_KEY);
  }

  @Test
  void anAccountIsConnectedListedAndDisconnectedWithoutEverShowingItsTokens() {
    ApiClient api = new ApiClient(port);
    X.stubFor(
        post(urlPathEqualTo("/2/oauth2/token"))
            .withFormParam("grant_type", equalTo("authorization_code"))
            .withFormParam("code", equalTo("the-code"))
            .willReturn(
                okJson(
                    "{\"token_type\":\"bearer\",\"expires_in\":7200,\"access_token\":\"x-api-secret-at\","
                        + "\"scope\":\"tweet.write users.read offline.access\",\"refresh_token\":\"x-api-secret-rt\"}")));
    X.stubFor(
        get(urlPathEqualTo("/2/users/me"))
            .willReturn(
                okJson("{\"data\":{\"id\":\"99\",\"name\":\"Owl\",\"username\":\"owl_api\"}}")));

    Reply auth = api.get("/api/v1/social/auth/x", "Authorization", DEV);
    assertThat(auth.status()).isEqualTo(200);
    String url = auth.text("/data/authorize_url");
    assertThat(url).contains("code_challenge_method=S256").contains("client_id=x-client");
    String state = auth.text("/data/state");
    String callback = "http://127.0.0.1:8080/social/callback/x?state=" + state + "&code=the-code";

    Reply done =
        api.post(
            "/api/v1/social/callback/x",
            "{\"callback_url\":\"" + callback + "\"}",
            "Authorization",
            DEV,
            "Content-Type",
            "application/json");
    assertThat(done.status()).as(done.body()).isEqualTo(200);
    assertThat(done.text("/data/username")).isEqualTo("owl_api");
    assertThat(done.text("/data/status")).isEqualTo("connected");
    String id = done.text("/data/id");

    Reply list = api.get("/api/v1/social/accounts?limit=10", "Authorization", DEV);
    assertThat(list.status()).isEqualTo(200);
    // other system tests of this application may have connected accounts of the same user
    List<String> listed = new ArrayList<>();
    list.json().at("/data").forEach(account -> listed.add(account.at("/id").asString()));
    assertThat(listed).contains(id);
    assertThat(list.json().at("/pagination/total").asLong()).isEqualTo(listed.size());
    assertThat(list.json().at("/pagination/limit").asInt()).isEqualTo(10);
    for (Reply r : new Reply[] {auth, done, list}) {
      assertThat(r.body()).doesNotContain("x-api-secret");
    }

    String other = otherUser();
    assertThat(
            api.get("/api/v1/social/accounts", "Authorization", other)
                .json()
                .at("/pagination/total")
                .asLong())
        .isZero();
    Reply stolen =
        api.send(
            "DELETE",
            "/api/v1/social/accounts/" + id,
            HttpRequest.BodyPublishers.noBody(),
            "Authorization",
            other);
    assertThat(stolen.status()).isEqualTo(404);
    Reply reused =
        api.post(
            "/api/v1/social/callback/x",
            "{\"code\":\"the-code\",\"state\":\"" + state + "\"}",
            "Authorization",
            DEV,
            "Content-Type",
            "application/json");
    assertThat(reused.status()).isEqualTo(400);
    assertThat(reused.text("/error/message")).contains("unknown or already used state");

    Reply gone =
        api.send(
            "DELETE",
            "/api/v1/social/accounts/" + id,
            HttpRequest.BodyPublishers.noBody(),
            "Authorization",
            DEV);
    assertThat(gone.status()).isEqualTo(200);
    Reply after = api.get("/api/v1/social/accounts?limit=100", "Authorization", DEV);
    List<String> left = new ArrayList<>();
    after.json().at("/data").forEach(account -> left.add(account.at("/id").asString()));
    assertThat(left).doesNotContain(id);
    assertThat(after.json().at("/pagination/total").asLong()).isEqualTo(listed.size() - 1);
  }

  @Test
  void badPlatformsAndUnconfiguredOnesAreRefusedWithTheReason() {
    ApiClient api = new ApiClient(port);

    Reply unknown = api.get("/api/v1/social/auth/myspace", "Authorization", DEV);
    Reply unconfigured = api.get("/api/v1/social/auth/tiktok", "Authorization", DEV);
    Reply denied =
        api.post(
            "/api/v1/social/callback/x",
            "{\"callback_url\":\"http://127.0.0.1:8080/social/callback/x?error=access_denied&state=s\"}",
            "Authorization",
            DEV,
            "Content-Type",
            "application/json");

    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.text("/error/message"))
        .contains("must be one of youtube, tiktok, instagram, facebook, x, linkedin");
    assertThat(unconfigured.status()).isEqualTo(400);
    assertThat(unconfigured.text("/error/message"))
        .isEqualTo("TikTok is not configured: set TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET");
    assertThat(denied.status()).isEqualTo(400);
    assertThat(denied.text("/error/message"))
        .isEqualTo("X did not authorize the account: access_denied");
  }

  @Test
  void analyticsAreScopedToTheirOwner() {
    ApiClient api = new ApiClient(port);
    JdbcClient jdbc = JdbcClient.create(dataSource);
    UUID me = localUser.id();
    String run = "run-social-api-" + UUID.randomUUID().toString().substring(0, 8);
    jdbc.sql(
            "INSERT INTO pipeline_runs (run_id, user_id, topic, request) VALUES (:r, :u, 'owls', '{}')")
        .param("r", run)
        .param("u", me)
        .update();
    UUID render =
        jdbc.sql(
                "INSERT INTO renders (user_id, preset, run_id, status) VALUES (:u, 'preview', :r, 'completed') RETURNING id")
            .param("u", me)
            .param("r", run)
            .query(UUID.class)
            .single();
    UUID pub =
        jdbc.sql(
                "INSERT INTO publications (run_id, user_id, render_id, platform, external_id) VALUES (:r, :u, :v, 'youtube', 'yt1') RETURNING id")
            .param("r", run)
            .param("u", me)
            .param("v", render)
            .query(UUID.class)
            .single();
    jdbc.sql(
            "INSERT INTO analytics (video_id, platform, views, likes, shares, comments, publication_id) VALUES (:v, 'youtube', 42, 4, 1, 2, :p)")
        .param("v", render)
        .param("p", pub)
        .update();

    Reply dashboard = api.get("/api/v1/analytics/dashboard?days=7", "Authorization", DEV);
    Reply videos = api.get("/api/v1/analytics/videos?page=1&limit=5", "Authorization", DEV);
    Reply video = api.get("/api/v1/analytics/videos/" + render, "Authorization", DEV);
    Reply strangers = api.get("/api/v1/analytics/videos/" + render, "Authorization", otherUser());
    Reply badRange = api.get("/api/v1/analytics/dashboard?days=0", "Authorization", DEV);

    assertThat(dashboard.status()).isEqualTo(200);
    assertThat(dashboard.json().at("/data/total/views").asLong()).isGreaterThanOrEqualTo(42);
    assertThat(dashboard.json().at("/data/daily").isArray()).isTrue();
    assertThat(videos.json().at("/pagination/page").asInt()).isEqualTo(1);
    assertThat(videos.json().at("/data").isArray()).isTrue();
    assertThat(video.status()).isEqualTo(200);
    assertThat(video.text("/data/video_id")).isEqualTo(render.toString());
    assertThat(video.json().at("/data/publications/0/metrics/views").asLong()).isEqualTo(42);
    assertThat(video.text("/data/publications/0/remote_id")).isEqualTo("yt1");
    assertThat(strangers.status()).isEqualTo(404);
    assertThat(badRange.status()).isEqualTo(400);
  }

  private String otherUser() {
    UUID other =
        users.ensureUser(
            "social-test:other",
            "social-other@renderowl.test",
            "Other",
            LocalUser.STARTING_CREDITS);
    users.ensureApiToken(other, "social test token", OTHER_TOKEN);
    return "Bearer " + OTHER_TOKEN;
  }
}
