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
import io.renderowl.apibatch.BatchApiTestApplication;
import io.renderowl.infra.net.WebhookSignature;
import io.renderowl.infra.persistence.UserRepository;
import io.renderowl.infra.persistence.WebhookDeliveryRepository;
import io.renderowl.infra.users.LocalUser;
import java.time.Duration;
import java.time.Instant;
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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Completion callbacks of pipeline runs and bulk batches over HTTP on the real engine (instant
 * stages), POSTed to a WireMock receiver on loopback (allowed by RENDEROWL_ALLOWED_URL_HOSTS; every
 * other private address stays refused): signed with the owner's secret, retried after a 500 with
 * one delivery id, recorded and listed by {@code /api/v1/webhooks/deliveries}, invisible to another
 * user. Refused callback URLs answer 400 naming {@code callback_url} before anything starts.
 */
@Tag("system")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(
    classes = BatchApiTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CompletionWebhooksSystemTest {
  private static final String OTHER_TOKEN = "owl_webhooks-test-other-key";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final List<String> REFUSED =
      List.of("http://10.1.2.3/hook", "http://169.254.169.254/latest/meta-data", "http://[::1]/");

  @DynamicPropertySource
  static void engine(DynamicPropertyRegistry registry) {
    BatchApiTestApplication.properties(registry);
    // the receiver listens on loopback; other private addresses stay refused
    registry.add("RENDEROWL_ALLOWED_URL_HOSTS", () -> "127.0.0.1");
  }

  @Autowired LocalUser localUser;
  @Autowired UserRepository users;
  @Autowired DataSource dataSource;
  @LocalServerPort int port;
  ApiClient api;
  WireMockServer receiver;

  @BeforeEach
  void start() {
    api = new ApiClient(port);
    receiver =
        new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
    receiver.start();
    UUID other =
        users.ensureUser("webhooks-test:other", "other-webhooks@renderowl.test", "Other", 1000);
    users.ensureApiToken(other, "webhooks test token", OTHER_TOKEN);
  }

  @AfterEach
  void stop() {
    receiver.stop();
  }

  private String[] auth() {
    return new String[] {
      "Authorization", "Bearer " + localUser.apiKey(), "Content-Type", "application/json"
    };
  }

  private static String[] auth(String token) {
    return new String[] {"Authorization", "Bearer " + token, "Content-Type", "application/json"};
  }

  /** The receiver at {@code path}: 500 to the first POST, 204 to the next ones. */
  private String flakyHook(String path) {
    receiver.stubFor(
        WireMock.post(path)
            .inScenario(path)
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(WireMock.aResponse().withStatus(500))
            .willSetStateTo("recovered"));
    receiver.stubFor(
        WireMock.post(path)
            .inScenario(path)
            .whenScenarioStateIs("recovered")
            .willReturn(WireMock.aResponse().withStatus(204)));
    return "http://127.0.0.1:" + receiver.port() + path;
  }

  /** The POSTs the receiver got at {@code path}, once there are {@code n}. */
  private List<LoggedRequest> posts(String path, int n) {
    return await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> receiver.findAll(postRequestedFor(urlEqualTo(path))), p -> p.size() >= n);
  }

  private void assertSigned(LoggedRequest post) {
    String secret = new WebhookDeliveryRepository(dataSource).secretOf(localUser.id());
    assertThat(
            WebhookSignature.verify(
                secret,
                post.getHeader(WebhookSignature.HEADER),
                post.getBody(),
                Instant.now().getEpochSecond(),
                300))
        .as("the signature verifies under the owner's secret")
        .isTrue();
  }

  @Test
  void aRunReportsItsEndToItsCallbackUrlRetriedAfterA500AndTheDeliveryIsListed() throws Exception {
    String hook = flakyHook("/run-hook");
    ApiClient.Reply accepted =
        api.post(
            "/api/v1/pipelines",
            "{\"topic\":\"Owls at dusk\",\"duration\":12,\"callback_url\":\"" + hook + "\"}",
            auth());
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    String runId = accepted.text("/data/id");
    assertThat(
            JdbcClient.create(dataSource)
                .sql("SELECT callback_url FROM pipeline_runs WHERE run_id = :r")
                .param("r", runId)
                .query(String.class)
                .single())
        .as("stored on the run")
        .isEqualTo(hook);

    List<LoggedRequest> posts = posts("/run-hook", 2);
    assertThat(posts).hasSize(2);
    assertThat(posts.get(1).getHeader("X-Renderowl-Delivery"))
        .isEqualTo(posts.get(0).getHeader("X-Renderowl-Delivery"))
        .isEqualTo(runId + ":completed");
    assertSigned(posts.get(1));
    JsonNode body = JSON.readTree(posts.get(1).getBody());
    assertThat(body.at("/id").asString()).isEqualTo(runId);
    assertThat(body.at("/type").asString()).isEqualTo("run");
    assertThat(body.at("/status").asString()).isEqualTo("completed");
    assertThat(body.at("/output_url").asString()).isEqualTo("/api/v1/pipelines/" + runId);
    assertThat(body.at("/error").isNull()).isTrue();

    // The delivery as the API lists it: one delivery, two attempts (500 then 204).
    String deliveryId = runId + ":completed";
    ApiClient.Reply list =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> api.get("/api/v1/webhooks/deliveries?target_id=" + runId, auth()),
                r -> r.json().at("/data/0/status").asString("").equals("delivered"));
    assertThat(list.status()).as(list.body()).isEqualTo(200);
    assertThat(list.json().at("/pagination/total").asLong()).isEqualTo(1);
    assertThat(list.text("/data/0/id")).isEqualTo(deliveryId);
    assertThat(list.text("/data/0/target_kind")).isEqualTo("run");
    assertThat(list.json().at("/data/0/attempts").asInt()).isEqualTo(2);
    assertThat(list.text("/data/0/target"))
        .as("never the path or query")
        .isEqualTo("http://127.0.0.1:" + receiver.port() + "/...");
    assertThat(
            api.get("/api/v1/webhooks/deliveries?target_kind=batch&target_id=" + runId, auth())
                .json()
                .at("/pagination/total")
                .asLong())
        .isZero();
    assertThat(
            api.get("/api/v1/webhooks/deliveries?status=failed&target_id=" + runId, auth())
                .json()
                .at("/pagination/total")
                .asLong())
        .isZero();
    ApiClient.Reply bad = api.get("/api/v1/webhooks/deliveries?target_kind=owl", auth());
    assertThat(bad.status()).as(bad.body()).isEqualTo(400);
    assertThat(bad.detailFor("target_kind")).contains("run, render, batch");

    ApiClient.Reply one = api.get("/api/v1/webhooks/deliveries/" + deliveryId, auth());
    assertThat(one.status()).as(one.body()).isEqualTo(200);
    assertThat(one.json().at("/data/attempt_list/0/status_code").asInt()).isEqualTo(500);
    assertThat(one.text("/data/attempt_list/0/outcome")).isEqualTo("failed");
    assertThat(one.text("/data/attempt_list/0/error")).contains("500");
    assertThat(one.json().at("/data/attempt_list/1/status_code").asInt()).isEqualTo(204);
    assertThat(one.text("/data/attempt_list/1/outcome")).isEqualTo("delivered");
    assertThat(one.text("/data/attempt_list/1/attempted_at")).isNotBlank();

    // Another user sees none of it.
    assertThat(api.get("/api/v1/webhooks/deliveries/" + deliveryId, auth(OTHER_TOKEN)).status())
        .isEqualTo(404);
    ApiClient.Reply theirs = api.get("/api/v1/webhooks/deliveries", auth(OTHER_TOKEN));
    assertThat(theirs.status()).isEqualTo(200);
    assertThat(theirs.body()).doesNotContain(runId);
  }

  @Test
  void refusedCallbackUrlsAnswer400NamingTheFieldAndStartNothing() {
    for (String refused : REFUSED) {
      String topic = "Refused " + UUID.randomUUID();
      ApiClient.Reply run =
          api.post(
              "/api/v1/pipelines",
              "{\"topic\":\"" + topic + "\",\"callback_url\":\"" + refused + "\"}",
              auth());
      assertThat(run.status()).as(run.body()).isEqualTo(400);
      assertThat(run.detailFor("callback_url")).contains("refused");
      assertThat(
              JdbcClient.create(dataSource)
                  .sql("SELECT COUNT(*) FROM pipeline_runs WHERE topic = :t")
                  .param("t", topic)
                  .query(Long.class)
                  .single())
          .as("no run recorded")
          .isZero();

      String name = "refused-" + UUID.randomUUID();
      ApiClient.Reply batch =
          api.post(
              "/api/v1/batch",
              "{\"name\":\""
                  + name
                  + "\",\"callback_url\":\""
                  + refused
                  + "\",\"items\":[{\"topic\":\"Tides\"}]}",
              auth());
      assertThat(batch.status()).as(batch.body()).isEqualTo(400);
      assertThat(batch.detailFor("callback_url")).contains("refused");
      ApiClient.Reply csv =
          api.post(
              "/api/v1/batch?name="
                  + name
                  + "&callback_url="
                  + java.net.URLEncoder.encode(refused, java.nio.charset.StandardCharsets.UTF_8),
              "topic\nTides\n",
              "Authorization",
              "Bearer " + localUser.apiKey(),
              "Content-Type",
              "text/csv");
      assertThat(csv.status()).as(csv.body()).isEqualTo(400);
      assertThat(csv.detailFor("callback_url")).contains("refused");
      assertThat(
              JdbcClient.create(dataSource)
                  .sql("SELECT COUNT(*) FROM batches WHERE name = :n")
                  .param("n", name)
                  .query(Long.class)
                  .single())
          .as("no batch recorded")
          .isZero();
    }
    ApiClient.Reply notUrl =
        api.post("/api/v1/pipelines", "{\"topic\":\"x\",\"callback_url\":\"ftp://a/b\"}", auth());
    assertThat(notUrl.status()).isEqualTo(400);
    assertThat(notUrl.detailFor("callback_url")).contains("http(s)");
  }

  @Test
  void aBatchReportsItsEndOnceWithItsCountsAndHostileRowsAreSkipped() throws Exception {
    String hook = flakyHook("/batch-hook");
    ApiClient.Reply created =
        api.post(
            "/api/v1/batch",
            "{\"name\":\"hooked\",\"callback_url\":\""
                + hook
                + "\",\"items\":[{\"topic\":\"Tides\",\"duration\":12},"
                + "{\"topic\":\"Nul\\u0000byte\"},{\"topic\":\"Comets\",\"aspect\":\"4:3\"},"
                + "{\"topic\":\"Owls\",\"duration\":12}]}",
            auth());
    assertThat(created.status()).as(created.body()).isEqualTo(202);
    String batchId = created.text("/data/id");

    List<LoggedRequest> posts = posts("/batch-hook", 2);
    assertThat(posts.get(1).getHeader("X-Renderowl-Delivery"))
        .isEqualTo(posts.get(0).getHeader("X-Renderowl-Delivery"))
        .isEqualTo("batch-" + batchId + ":end");
    assertSigned(posts.get(1));
    JsonNode body = JSON.readTree(posts.get(1).getBody());
    assertThat(body.at("/id").asString()).isEqualTo(batchId);
    assertThat(body.at("/type").asString()).isEqualTo("batch");
    assertThat(body.at("/status").asString()).isEqualTo("completed");
    assertThat(body.at("/output_url").asString()).isEqualTo("/api/v1/batch/" + batchId);
    assertThat(body.at("/counts/rows").asInt()).isEqualTo(4);
    assertThat(body.at("/counts/completed").asInt()).isEqualTo(2);
    assertThat(body.at("/counts/skipped").asInt()).isEqualTo(2);
    assertThat(body.at("/counts/failed").asInt()).isZero();

    ApiClient.Reply status = api.get("/api/v1/batch/" + batchId, auth());
    assertThat(status.text("/data/status")).isEqualTo("completed");
    assertThat(status.text("/data/skip_report/0/reason"))
        .isEqualTo("topic: contains control characters");

    // Once: a later reconcile of the ended batch sends nothing more.
    await() // the watcher polls every 2 s: nothing more may come
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .until(() -> receiver.findAll(postRequestedFor(urlEqualTo("/batch-hook"))).size() == 2);
    assertThat(
            api.get("/api/v1/webhooks/deliveries?target_kind=batch&target_id=" + batchId, auth())
                .json()
                .at("/data/0/attempts")
                .asInt())
        .isEqualTo(2);
  }
}
