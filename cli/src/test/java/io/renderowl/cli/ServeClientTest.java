package io.renderowl.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.renderowl.cli.OwlRun.owl;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.renderowl.infra.stack.ServingProcess;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code owl demo}, {@code owl run} and {@code owl status} while an {@code owl serve} holds the
 * state folder: they go through its API (here a WireMock stand-in of {@code /api/v1/pipelines} on
 * loopback, announced as this process) and start no engine of their own.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ServeClientTest {
  private static final String KEY = "owl_test-key-never-printed";
  private static final String PIPELINES = "/api/v1/pipelines";

  @TempDir Path home;
  @TempDir Path out;

  private WireMockServer api;

  @BeforeEach
  void announceAStandInServer() throws Exception {
    api =
        new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
    api.start();
    Files.writeString(home.resolve("api-key"), KEY + "\n");
    ServingProcess.current(URI.create(api.baseUrl() + "/api/v1")).announce(home);
    System.setProperty("RENDEROWL_HOME", home.toString());
  }

  @AfterEach
  void stop() {
    System.clearProperty("RENDEROWL_HOME");
    api.stop();
  }

  @Test
  void demoStartsFollowsAndDownloadsThroughTheServer() throws Exception {
    api.stubFor(
        post(PIPELINES)
            .willReturn(
                aResponse()
                    .withStatus(202)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"data\":{\"id\":\"run-1\",\"status_url\":\"/api/v1/pipelines/run-1\","
                            + "\"created\":true},\"meta\":{}}")));
    api.stubFor(
        get(PIPELINES + "/run-1")
            .inScenario("run")
            .whenScenarioStateIs(STARTED)
            .willSetStateTo("done")
            .willReturn(
                view("run-1", "running", "render", 60, "rendering: frame 500 of 902", null)));
    api.stubFor(
        get(PIPELINES + "/run-1")
            .inScenario("run")
            .whenScenarioStateIs("done")
            .willReturn(
                view(
                    "run-1",
                    "completed",
                    "completed",
                    100,
                    "published to local-folder",
                    api.baseUrl() + "/renderowl/run-1.mp4?X-Amz-Signature=abc")));
    byte[] video = {0, 0, 0, 24, 'f', 't', 'y', 'p'};
    api.stubFor(
        get(urlEqualTo("/renderowl/run-1.mp4?X-Amz-Signature=abc"))
            .willReturn(aResponse().withBody(video)));
    Path target = out.resolve("demo.mp4");

    OwlRun run =
        owl(
            "demo",
            "--duration",
            "20",
            "--aspect",
            "16:9",
            "--key",
            "k-1",
            "--output",
            target.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("started run run-1 through owl serve (pid " + ProcessHandle.current().pid())
        .contains("completed run run-1 in ")
        .contains("published to local-folder")
        .contains("stages:    stack ")
        .contains("render ")
        .contains("written:   " + target.toAbsolutePath());
    assertThat(Files.readAllBytes(target)).isEqualTo(video);
    api.verify(
        postRequestedFor(urlEqualTo(PIPELINES))
            .withHeader("Authorization", equalTo("Bearer " + KEY))
            .withHeader("Idempotency-Key", equalTo("k-1"))
            .withRequestBody(
                equalToJson(
                    "{\"topic\":\""
                        + DemoCommand.TOPIC
                        + "\",\"aspect\":\"16:9\",\"duration\":20,"
                        + "\"voice\":\"en\",\"platforms\":[\"local-folder\"],"
                        + "\"style\":\"educational\",\"language\":\"en\",\"quality\":\"full\"}")));
    api.verify(2, getRequestedFor(urlEqualTo(PIPELINES + "/run-1")));
    assertThat(run.out() + run.err()).doesNotContain(KEY);
  }

  @Test
  void aRequestTheServerRefusesIsAUsageErrorWithItsReasons() {
    api.stubFor(
        post(PIPELINES)
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":{\"code\":\"VALIDATION_ERROR\",\"message\":\"Invalid input\","
                            + "\"details\":[{\"field\":\"template_id\",\"message\":\"is not a"
                            + " template you can use\"}]},\"meta\":{}}")));

    OwlRun run = owl("run", "--topic", "Volcanoes", "--template", "nope");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err())
        .isEqualTo("owl: Invalid input: template_id is not a template you can use\n");
  }

  @Test
  void aRevokedKeySaysSoWithoutShowingIt() {
    api.stubFor(
        post(PIPELINES)
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":{\"code\":\"UNAUTHORIZED\",\"message\":\"The API key is"
                            + " unknown or revoked\",\"details\":[]},\"meta\":{}}")));

    OwlRun run = owl("demo");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err()).contains("The API key is unknown or revoked").doesNotContain(KEY);
  }

  @Test
  void aServerThatDoesNotAnswerIsNamed() {
    api.stop();

    OwlRun run = owl("status", "run-1");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err()).contains("owl serve (pid ").contains("did not answer");
  }

  @Test
  void statusShowsTheRunOrSaysItIsUnknown() {
    api.stubFor(
        get(PIPELINES + "/run-2")
            .withHeader("Authorization", matching("Bearer .+"))
            .willReturn(view("run-2", "failed", "render", 40, "render failed: disk full", null)));

    OwlRun known = owl("status", "run-2");
    OwlRun unknown = owl("status", "run-3");

    assertThat(known.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(known.out())
        .contains("run:      run-2")
        .contains("state:    failed")
        .contains("stage:    render (40%)")
        .contains("message:  render failed: disk full")
        .doesNotContain("video:");
    assertThat(unknown.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(unknown.err()).contains("knows no run or render run-3 of yours");
  }

  @Test
  void watchFollowsARunTheServerHostsWaitingOutTheRateLimit() {
    api.stubFor(
        get(PIPELINES + "/run-4")
            .inScenario("watch")
            .whenScenarioStateIs(STARTED)
            .willSetStateTo("limited")
            .willReturn(view("run-4", "running", "voice", 25, "speaking scene 2 of 4", null)));
    api.stubFor(
        get(PIPELINES + "/run-4")
            .inScenario("watch")
            .whenScenarioStateIs("done")
            .willReturn(view("run-4", "failed", "render", 40, "render failed: disk full", null)));

    api.stubFor(
        get(PIPELINES + "/run-4")
            .inScenario("watch")
            .whenScenarioStateIs("limited")
            .willSetStateTo("done")
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "1")
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":{\"code\":\"RATE_LIMITED\",\"message\":\"Too many"
                            + " requests\",\"details\":[]},\"meta\":{}}")));

    OwlRun watched = owl("watch", "run-4");
    OwlRun unknown = owl("watch", "run-5");

    assertThat(watched.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(watched.err())
        .isEqualTo("owl: run run-4 failed: render failed: disk full" + System.lineSeparator());
    api.verify(3, getRequestedFor(urlEqualTo(PIPELINES + "/run-4")));
    assertThat(unknown.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(unknown.err()).contains("knows no run or render run-5 of yours");
  }

  @Test
  void statusAndWatchFindARenderByItsRunIdThroughTheServer() {
    String renderId = "0b7e3c52-8f1d-4c55-9a0e-2d6f4b8c1a77";
    api.stubFor(
        get("/api/v1/render/render-6")
            .withHeader("Authorization", matching("Bearer .+"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"data\":{\"id\":\""
                            + renderId
                            + "\",\"run_id\":\"render-6\",\"timeline_id\":\"t-1\","
                            + "\"status\":\"completed\",\"progress\":100,\"preset\":\"1080p\","
                            + "\"chunks_done\":4,\"chunks_started\":4,"
                            + "\"output_url\":\"http://127.0.0.1:1/v.mp4\","
                            + "\"poster_url\":\"http://127.0.0.1:1/v.jpg\",\"error\":null,"
                            + "\"callback_url\":null,\"status_url\":\"/api/v1/render/"
                            + renderId
                            + "\",\"created_at\":\"2026-12-05T10:00:00Z\","
                            + "\"started_at\":\"2026-12-05T10:00:01Z\","
                            + "\"completed_at\":\"2026-12-05T10:00:20Z\"},\"meta\":{}}")));

    OwlRun status = owl("status", "render-6");
    OwlRun watched = owl("watch", "render-6");

    assertThat(status.exitCode()).as(status.err()).isEqualTo(ExitCodes.OK);
    assertThat(status.out())
        .contains("render:   " + renderId)
        .contains("run:      render-6")
        .contains("state:    completed (100%)")
        .contains("chunks:   4 done of 4 started")
        .contains("video:    http://127.0.0.1:1/v.mp4");
    assertThat(watched.exitCode()).as(watched.err()).isEqualTo(ExitCodes.OK);
    assertThat(watched.out()).contains("completed  100%  4 of 4 chunk(s) done");
    // asked as a run first (a run id and a render's run id look alike), then as a render
    api.verify(2, getRequestedFor(urlEqualTo(PIPELINES + "/render-6")));
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder view(
      String id, String status, String stage, int progress, String message, String outputUrl) {
    return aResponse()
        .withHeader("Content-Type", "application/json")
        .withBody(
            "{\"data\":{\"id\":\""
                + id
                + "\",\"status\":\""
                + status
                + "\",\"stage\":\""
                + stage
                + "\",\"progress\":"
                + progress
                + ",\"message\":\""
                + message
                + "\",\"topic\":\"Volcanoes\",\"output_url\":"
                + (outputUrl == null ? "null" : "\"" + outputUrl + "\"")
                + ",\"created_at\":\"2026-12-05T10:00:00Z\",\"updated_at\":\"2026-12-05T10:00:05Z\"},"
                + "\"meta\":{}}");
  }
}
