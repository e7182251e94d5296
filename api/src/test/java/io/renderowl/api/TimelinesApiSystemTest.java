package io.renderowl.api;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.renderowl.api.ApiClient.Reply;
import io.renderowl.apisystem.EngineApiTestApplication;
import io.renderowl.infra.net.WebhookSignature;
import io.renderowl.infra.persistence.RenderChunkRepository;
import io.renderowl.infra.persistence.UserRepository;
import io.renderowl.infra.persistence.WebhookDeliveryRepository;
import io.renderowl.infra.users.LocalUser;
import io.renderowl.workflows.RenderState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Timelines, tracks, clips, projects and renders over HTTP on the real engine: a user creates a
 * timeline, edits it (validation, ETags, locked tracks), renders it, edits and renders it again,
 * and cancels a long render.
 */
@Tag("system")
// EngineApiTestApplication's state folder is locked by one application at a time: the context
// closes after the class so the next class with its own context can start.
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(
    classes = EngineApiTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class TimelinesApiSystemTest {

  // API keys (the auth branch's "owl_" keys replaced the static dev token): the first is the
  // local user's, registered below.
  private static final String TOKEN = "owl_timelines-test-dev-key";
  private static final String OTHER_TOKEN = "owl_timelines-test-other-key";
  private static final Duration RENDER_LIMIT = Duration.ofMinutes(4);

  @DynamicPropertySource
  static void engine(DynamicPropertyRegistry registry) {
    EngineApiTestApplication.properties(registry);
    // the completion callbacks' receiver listens on loopback; other private addresses stay refused
    registry.add("RENDEROWL_ALLOWED_URL_HOSTS", () -> "127.0.0.1");
  }

  @LocalServerPort int port;
  @Autowired UserRepository users;
  @Autowired LocalUser localUser;
  @Autowired io.renderowl.infra.storage.ObjectStore store;
  @Autowired RenderChunkRepository chunkRows;
  @Autowired DataSource dataSource;
  ApiClient api;
  WireMockServer receiver; // the completion callbacks' receiver, on loopback
  WebhookDeliveryRepository deliveries;

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @AfterEach
  void stopReceiver() {
    receiver.stop();
  }

  @BeforeEach
  void connect() {
    receiver =
        new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
    receiver.start();
    deliveries = new WebhookDeliveryRepository(dataSource);
    api = new ApiClient(port);
    users.ensureApiToken(localUser.id(), "timelines test dev key", TOKEN);
    UUID other =
        users.ensureUser(
            "timelines-test:other", "other@renderowl.test", "Other", LocalUser.STARTING_CREDITS);
    users.ensureApiToken(other, "timelines test token", OTHER_TOKEN);
  }

  private static String timeline(String resolution, int fps, double duration, String extra) {
    return """
    {"name": "Edit me", "resolution": "%s", "fps": %d, "duration": %s%s,
     "tracks": [{"id": "captions", "name": "Captions", "type": "text", "order": 0,
                 "clips": [{"id": "c1", "type": "text", "start_time": 0, "duration": %s,
                            "content": {"text": "Owls see everything", "fontSize": 40}}]}]}
    """
        .formatted(resolution, fps, duration, extra, duration);
  }

  @Test
  void aTimelineIsCreatedEditedRenderedEditedAndRenderedAgain() throws Exception {
    Reply project = post("/api/v1/projects", "{\"name\": \"Owls\"}");
    assertThat(project.status()).as(project.body()).isEqualTo(201);
    String projectId = project.text("/data/id");

    Reply created =
        post(
            "/api/v1/timelines",
            timeline("320x240", 10, 2.0, ", \"project_id\": \"" + projectId + "\""));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.header("ETag")).isEqualTo("\"v1\"");
    String id = created.text("/data/id");
    String trackId = created.text("/data/tracks/0/id");
    String clipId = created.text("/data/tracks/0/clips/0/id");
    assertThat(UUID.fromString(trackId)).isNotNull();
    assertThat(created.header("Location")).isEqualTo("/api/v1/timelines/" + id);

    Reply listed = get("/api/v1/timelines?project_id=" + projectId + "&limit=5");
    assertThat(listed.json().at("/pagination/total").asLong()).isEqualTo(1);
    assertThat(listed.json().at("/pagination/total_pages").asLong()).isEqualTo(1);
    assertThat(listed.text("/data/0/id")).isEqualTo(id);
    assertThat(get("/api/v1/timelines?limit=101").status()).isEqualTo(400);
    assertThat(get("/api/v1/projects").json().at("/pagination/total").asLong()).isPositive();

    // A bad edit: one detail per problem, naming the track and clip; nothing changes.
    Reply bad =
        post(
            "/api/v1/timelines/" + id + "/clips",
            """
            {"track_id": "%s", "type": "text", "start_time": 1.5, "duration": 3,
             "content": {"text": "too long"}}
            """
                .formatted(trackId));
    assertThat(bad.status()).as(bad.body()).isEqualTo(400);
    assertThat(bad.text("/error/code")).isEqualTo("VALIDATION_ERROR");
    assertThat(bad.json().at("/error/details").size()).isGreaterThanOrEqualTo(1);
    assertThat(bad.text("/error/details/0/field")).startsWith("tracks." + trackId + ".clips.");
    assertThat(bad.text("/error/details/0/message")).contains("track 'Captions'");
    Reply file =
        post(
            "/api/v1/timelines/" + id + "/clips",
            """
            {"track_id": "%s", "type": "audio", "start_time": 0, "duration": 1,
             "source_url": "/etc/passwd"}
            """
                .formatted(trackId));
    assertThat(file.status()).as(file.body()).isEqualTo(400);
    assertThat(file.body()).contains("source_url must be an object of this server's storage");
    Reply escape =
        post(
            "/api/v1/timelines/" + id + "/clips",
            """
            {"track_id": "%s", "type": "audio", "start_time": 0, "duration": 1,
             "source_url": "s3://%s/runs/../../etc/passwd"}
            """
                .formatted(trackId, store.bucket()));
    assertThat(escape.status()).as(escape.body()).isEqualTo(400);
    assertThat(escape.json().at("/error/details").toString())
        .contains(".source_url\"")
        .contains("'..' path segments");
    assertThat(get("/api/v1/timelines/" + id).header("ETag")).isEqualTo("\"v1\"");

    // Optimistic concurrency.
    String edit =
        "{\"type\": \"text\", \"start_time\": 0, \"duration\": 2, \"content\": {\"text\": \"Owls"
            + " hear everything\"}}";
    assertThat(send("PUT", "/api/v1/clips/" + clipId, edit).status()).isEqualTo(428);
    Reply stale = send("PUT", "/api/v1/clips/" + clipId, edit, "If-Match", "\"v7\"");
    assertThat(stale.status()).as(stale.body()).isEqualTo(412);
    Reply edited = send("PUT", "/api/v1/clips/" + clipId, edit, "If-Match", "\"v1\"");
    assertThat(edited.status()).as(edited.body()).isEqualTo(200);
    assertThat(edited.header("ETag")).isEqualTo("\"v2\"");
    assertThat(edited.text("/data/content/text")).isEqualTo("Owls hear everything");

    // Another user's timeline does not exist for them.
    assertThat(api.get("/api/v1/timelines/" + id, auth(OTHER_TOKEN)).status()).isEqualTo(404);
    assertThat(
            api.send(
                    "PUT",
                    "/api/v1/clips/" + clipId,
                    HttpRequest.BodyPublishers.ofString(edit),
                    with(json(OTHER_TOKEN), "If-Match", "\"v2\""))
                .status())
        .isEqualTo(404);

    // A locked track refuses edits until it is unlocked.
    String lockedTrack =
        "{\"name\": \"Captions\", \"type\": \"text\", \"order\": 0, \"is_locked\": true}";
    Reply locked = send("PUT", "/api/v1/tracks/" + trackId, lockedTrack, "If-Match", "\"v2\"");
    assertThat(locked.status()).as(locked.body()).isEqualTo(200);
    assertThat(locked.json().at("/data/is_locked").asBoolean()).isTrue();
    Reply refused = send("PUT", "/api/v1/clips/" + clipId, edit, "If-Match", "\"v3\"");
    assertThat(refused.status()).as(refused.body()).isEqualTo(409);
    assertThat(refused.text("/error/code")).isEqualTo("TRACK_LOCKED");
    Reply unlocked =
        send(
            "PUT",
            "/api/v1/tracks/" + trackId,
            lockedTrack.replace("true", "false"),
            "If-Match",
            "\"v3\"");
    assertThat(unlocked.status()).as(unlocked.body()).isEqualTo(200);

    // Render, with an idempotency key: the same request is the same render. Its end is POSTed to
    // the callback URL (a receiver on loopback that fails the first attempt).
    receiver.stubFor(
        WireMock.post("/hook")
            .inScenario("flaky")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(WireMock.aResponse().withStatus(500))
            .willSetStateTo("recovered"));
    receiver.stubFor(
        WireMock.post("/hook")
            .inScenario("flaky")
            .whenScenarioStateIs("recovered")
            .willReturn(WireMock.aResponse().withStatus(204)));
    String hook = "http://127.0.0.1:" + receiver.port() + "/hook";
    String key = UUID.randomUUID().toString();
    String renderBody = "{\"timeline_id\": \"" + id + "\", \"callback_url\": \"" + hook + "\"}";
    Reply accepted = post("/api/v1/render", renderBody, "Idempotency-Key", key);
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    String renderId = accepted.text("/data/id");
    assertThat(accepted.header("Location")).isEqualTo("/api/v1/render/" + renderId);
    assertThat(accepted.text("/data/callback_url")).isEqualTo(hook);
    assertThat(post("/api/v1/render", renderBody, "Idempotency-Key", key).text("/data/id"))
        .isEqualTo(renderId);
    Reply done = awaitRender(renderId);
    assertThat(done.text("/data/status")).as(done.body()).isEqualTo("completed");
    assertThat(done.json().at("/data/progress").asInt()).isEqualTo(100);
    assertThat(done.text("/data/poster_url")).contains("X-Amz-Signature=");
    assertMp4(done.text("/data/output_url"));
    assertCallbackDeliveredOnItsSecondAttempt(renderId);
    // its run id (what owl render prints) names it too, for its owner only
    String runId = done.text("/data/run_id");
    assertThat(runId).startsWith("render-");
    assertThat(get("/api/v1/render/" + runId).text("/data/id")).isEqualTo(renderId);
    assertThat(api.get("/api/v1/render/" + runId, auth(OTHER_TOKEN)).status()).isEqualTo(404);

    // Edit again and render again: a second render row of the same timeline.
    Reply again =
        send(
            "PUT",
            "/api/v1/clips/" + clipId,
            edit.replace("hear", "find"),
            "If-Match",
            unlocked.header("ETag"));
    assertThat(again.status()).as(again.body()).isEqualTo(200);
    Reply second = post("/api/v1/render", "{\"timeline_id\": \"" + id + "\"}");
    assertThat(second.status()).as(second.body()).isEqualTo(202);
    assertThat(second.text("/data/id")).isNotEqualTo(renderId);
    assertThat(awaitRender(second.text("/data/id")).text("/data/status")).isEqualTo("completed");
    Reply renders = get("/api/v1/render?timeline_id=" + id);
    assertThat(renders.json().at("/pagination/total").asLong()).isEqualTo(2);
    assertThat(api.get("/api/v1/render/" + renderId, auth(OTHER_TOKEN)).status()).isEqualTo(404);
  }

  @Test
  void aCancelledRenderStopsItsChunksAndEndsCancelled() throws Exception {
    Reply created = post("/api/v1/timelines", timeline("640x360", 30, 120.0, ""));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.text("/data/id");
    Reply accepted = post("/api/v1/render", "{\"timeline_id\": \"" + id + "\", \"chunks\": 4}");
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    String renderId = accepted.text("/data/id");

    // While it renders, the timeline cannot be edited.
    await()
        .atMost(RENDER_LIMIT)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> get("/api/v1/render/" + renderId).json().at("/data/chunks_started").asInt() > 0);
    Reply busy = send("DELETE", "/api/v1/timelines/" + id, "", "If-Match", created.header("ETag"));
    assertThat(busy.status()).as(busy.body()).isEqualTo(409);

    Reply cancelling = send("DELETE", "/api/v1/render/" + renderId, "");
    assertThat(cancelling.status()).as(cancelling.body()).isEqualTo(202);
    Reply end = awaitRender(renderId);
    assertThat(end.text("/data/status")).as(end.body()).isEqualTo("cancelled");
    assertThat(end.json().at("/data/output_url").isNull()).isTrue();
    // No chunk is left rendering: each heard its cancellation and stopped.
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() ->
            chunkRows.findByRender(UUID.fromString(renderId)).stream()
                .noneMatch(c -> c.status() == RenderState.RENDERING));
    assertThat(chunkRows.countCompleted(UUID.fromString(renderId))).isLessThan(4);

    // Cancelled, it no longer blocks edits.
    Reply deleted =
        send("DELETE", "/api/v1/timelines/" + id, "", "If-Match", created.header("ETag"));
    assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
  }

  /**
   * The receiver got the completion twice (500, then 204: retried by the delivery activity), with
   * one delivery id and a valid signature under the owner's secret; both attempts are recorded.
   */
  private void assertCallbackDeliveredOnItsSecondAttempt(String renderId) throws Exception {
    List<LoggedRequest> posts =
        await()
            .atMost(Duration.ofMinutes(1))
            .until(
                () -> receiver.findAll(postRequestedFor(urlEqualTo("/hook"))), p -> p.size() >= 2);
    assertThat(posts).hasSize(2);
    LoggedRequest last = posts.get(1);
    assertThat(last.getHeader("X-Renderowl-Delivery"))
        .isEqualTo(posts.get(0).getHeader("X-Renderowl-Delivery"));
    String secret = deliveries.secretOf(localUser.id());
    assertThat(
            WebhookSignature.verify(
                secret,
                last.getHeader(WebhookSignature.HEADER),
                last.getBody(),
                Instant.now().getEpochSecond(),
                300))
        .as("the signature verifies under the owner's secret")
        .isTrue();
    JsonNode body = JSON.readTree(last.getBody());
    assertThat(body.at("/id").asString()).isEqualTo(renderId);
    assertThat(body.at("/type").asString()).isEqualTo("render");
    assertThat(body.at("/status").asString()).isEqualTo("completed");
    assertThat(body.at("/output_url").asString()).isEqualTo("/api/v1/render/" + renderId);
    assertThat(body.at("/error").isNull()).isTrue();
    assertThat(deliveries.attempts(localUser.id(), "render", renderId))
        .extracting(WebhookDeliveryRepository.Attempt::outcome)
        .containsExactly("failed", "delivered");
  }

  @Test
  void aCallbackUrlOnAPrivateOrMetadataAddressIsRefusedWhenTheRenderIsAskedFor() {
    Reply created = post("/api/v1/timelines", timeline("640x360", 30, 1.0, ""));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.text("/data/id");
    for (String refused :
        List.of(
            "http://10.1.2.3/hook", "http://169.254.169.254/latest/meta-data", "http://[::1]/")) {
      Reply reply =
          post(
              "/api/v1/render",
              "{\"timeline_id\": \"" + id + "\", \"callback_url\": \"" + refused + "\"}");
      assertThat(reply.status()).as(reply.body()).isEqualTo(400);
      assertThat(reply.text("/error/details/0/field")).isEqualTo("callback_url");
      assertThat(reply.text("/error/details/0/message")).contains("refused");
    }
    assertThat(get("/api/v1/render?timeline_id=" + id).json().at("/pagination/total").asLong())
        .as("nothing was started")
        .isZero();
  }

  private Reply awaitRender(String renderId) {
    return await()
        .atMost(RENDER_LIMIT)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> get("/api/v1/render/" + renderId),
            r ->
                Arrays.asList("completed", "failed", "cancelled").contains(r.text("/data/status")));
  }

  private static void assertMp4(String url) throws Exception {
    assertThat(url).startsWith("http://").contains("X-Amz-Signature=");
    HttpResponse<byte[]> video =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(video.statusCode()).isEqualTo(200);
    assertThat(new String(Arrays.copyOfRange(video.body(), 4, 8), StandardCharsets.US_ASCII))
        .isEqualTo("ftyp");
  }

  private Reply get(String path) {
    return api.get(path, auth(TOKEN));
  }

  private Reply post(String path, String body, String... headers) {
    return api.post(path, body, with(json(TOKEN), headers));
  }

  private Reply send(String method, String path, String body, String... headers) {
    return api.send(
        method, path, HttpRequest.BodyPublishers.ofString(body), with(json(TOKEN), headers));
  }

  private static String[] auth(String token) {
    return new String[] {"Authorization", "Bearer " + token};
  }

  private static String[] json(String token) {
    return with(auth(token), "Content-Type", "application/json");
  }

  private static String[] with(String[] first, String... more) {
    String[] all = Arrays.copyOf(first, first.length + more.length);
    System.arraycopy(more, 0, all, first.length, more.length);
    return all;
  }
}
