package io.renderowl.activities.callback;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.renderowl.activities.provider.Stubs;
import io.renderowl.infra.json.Json;
import io.renderowl.infra.net.WebhookSignature;
import io.renderowl.infra.persistence.WebhookDeliveryRepository.Attempt;
import io.renderowl.workflows.CallbackActivities;
import io.renderowl.workflows.CompletionCallback;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * Completion callbacks through Temporal's test environment (time skipped) against a WireMock
 * receiver: signed, retried with the policy's backoff until the receiver takes them, every attempt
 * recorded; a refused URL is neither connected to nor retried.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class WebhookDeliveryTest {
  static final String SECRET = "whsec_test_secret";
  static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

  @WorkflowInterface
  public interface NotifyOnce {
    @WorkflowMethod
    double notify(CompletionCallback callback);
  }

  /** Calls the activity with the options the engine's workflows use; returns the seconds taken. */
  public static class NotifyOnceImpl implements NotifyOnce {
    private final CallbackActivities callbacks =
        Workflow.newActivityStub(CallbackActivities.class, CallbackActivities.OPTIONS);

    @Override
    public double notify(CompletionCallback callback) {
      long before = Workflow.currentTimeMillis();
      callbacks.deliver(callback);
      return (Workflow.currentTimeMillis() - before) / 1000.0;
    }
  }

  WireMockServer receiver;
  TestWorkflowEnvironment env;
  final List<Attempt> attempts = new CopyOnWriteArrayList<>();
  final String userId = UUID.randomUUID().toString();

  @BeforeEach
  void start() {
    receiver = Stubs.start();
    env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker("callbacks");
    worker.registerWorkflowImplementationTypes(NotifyOnceImpl.class);
    worker.registerActivitiesImplementations(
        new CallbackActivitiesImpl(
            new WebhookSender(
                Stubs.LOOPBACK_ALLOWED,
                user -> SECRET,
                attempts::add,
                Clock.fixed(NOW, java.time.ZoneOffset.UTC),
                Duration.ofSeconds(5))));
    env.start();
  }

  @AfterEach
  void stop() {
    env.close();
    receiver.stop();
  }

  CompletionCallback callback(String url) {
    return new CompletionCallback(
        "run-42:completed",
        userId,
        "run",
        "run-42",
        "completed",
        "https://cdn.example/videos/run-42.mp4",
        null,
        url);
  }

  NotifyOnce workflow() {
    return env.getWorkflowClient()
        .newWorkflowStub(
            NotifyOnce.class, WorkflowOptions.newBuilder().setTaskQueue("callbacks").build());
  }

  @Test
  void aFailingReceiverGetsTheSignedCallbackAgainWithBackoffUntilItTakesIt() throws Exception {
    receiver.stubFor(
        post(urlPathEqualTo("/hooks/renderowl"))
            .inScenario("flaky")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(503))
            .willSetStateTo("second"));
    receiver.stubFor(
        post(urlPathEqualTo("/hooks/renderowl"))
            .inScenario("flaky")
            .whenScenarioStateIs("second")
            .willReturn(aResponse().withStatus(500))
            .willSetStateTo("up"));
    receiver.stubFor(
        post(urlPathEqualTo("/hooks/renderowl"))
            .inScenario("flaky")
            .whenScenarioStateIs("up")
            .withHeader("Content-Type", equalTo("application/json"))
            .willReturn(aResponse().withStatus(204)));

    double waited =
        workflow().notify(callback(receiver.baseUrl() + "/hooks/renderowl?token=receiver-token"));

    // Retries after 10 s and then 20 s (the policy's backoff), in skipped time plus the real
    // time of the attempts.
    assertThat(waited).isBetween(30.0, 70.0); // the third try would come 40 s later
    List<ServeEvent> posts =
        receiver.getAllServeEvents().stream()
            .sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate()))
            .toList();
    assertThat(posts).hasSize(3);
    for (ServeEvent post : posts) {
      byte[] body = post.getRequest().getBody();
      String signature = post.getRequest().getHeader(WebhookSignature.HEADER);
      assertThat(WebhookSignature.verify(SECRET, signature, body, NOW.getEpochSecond(), 300))
          .isTrue();
      assertThat(post.getRequest().getHeader(WebhookSender.DELIVERY_HEADER))
          .isEqualTo("run-42:completed");
      JsonNode json = Json.MAPPER.readTree(new String(body, StandardCharsets.UTF_8));
      assertThat(json.path("id").asString()).isEqualTo("run-42");
      assertThat(json.path("status").asString()).isEqualTo("completed");
      assertThat(json.path("output_url").asString())
          .isEqualTo("https://cdn.example/videos/run-42.mp4");
      assertThat(json.path("error").isNull()).isTrue();
    }
    assertThat(attempts)
        .extracting(Attempt::attempt, Attempt::statusCode, Attempt::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, 503, "failed"),
            org.assertj.core.groups.Tuple.tuple(2, 500, "failed"),
            org.assertj.core.groups.Tuple.tuple(3, 204, "delivered"));
    assertThat(attempts)
        .allSatisfy(a -> {
          assertThat(a.target()).doesNotContain("receiver-token").endsWith("/...");
          assertThat(a.deliveryId()).isEqualTo("run-42:completed");
        });
  }

  @Test
  void aTamperedBodyOrAnotherSecretDoesNotVerify() {
    byte[] body = WebhookSender.body(callback("https://hooks.example/x"));
    String header = WebhookSignature.sign(SECRET, NOW.getEpochSecond(), body);

    assertThat(WebhookSignature.verify(SECRET, header, body, NOW.getEpochSecond(), 300)).isTrue();
    byte[] tampered =
        new String(body, StandardCharsets.UTF_8)
            .replace("completed", "failed")
            .getBytes(StandardCharsets.UTF_8);
    assertThat(WebhookSignature.verify(SECRET, header, tampered, NOW.getEpochSecond(), 300))
        .isFalse();
    assertThat(WebhookSignature.verify("whsec_other", header, body, NOW.getEpochSecond(), 300))
        .isFalse();
    assertThat(WebhookSignature.verify(SECRET, header, body, NOW.getEpochSecond() + 3600, 300))
        .as("a replay an hour later")
        .isFalse();
  }

  @Test
  void aCallbackToTheMetadataAddressIsRefusedOnceAndNeverSent() {
    assertThatThrownBy(
            () -> workflow().notify(callback("http://169.254.169.254/latest/meta-data/iam")))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .hasMessageContaining("cloud metadata");

    assertThat(attempts).hasSize(1);
    assertThat(attempts.getFirst().outcome()).isEqualTo("refused");
    assertThat(attempts.getFirst().target()).isEqualTo("http://169.254.169.254/...");
    assertThat(receiver.getAllServeEvents()).isEmpty();
  }

  @Test
  void aReceiverThatNeverTakesItIsGivenUpOnAfterTheLastAttemptAndTheFailureSaysSo() {
    receiver.stubFor(post(urlPathEqualTo("/hooks/down")).willReturn(aResponse().withStatus(500)));

    assertThatThrownBy(() -> workflow().notify(callback(receiver.baseUrl() + "/hooks/down")))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .hasMessageContaining("answered HTTP 500 (attempt 8)");

    int limit = CallbackActivities.OPTIONS.getRetryOptions().getMaximumAttempts();
    assertThat(limit).isEqualTo(8);
    assertThat(receiver.getAllServeEvents()).hasSize(limit);
    assertThat(attempts).hasSize(limit).allMatch(a -> a.outcome().equals("failed"));
    assertThat(attempts.stream().map(Attempt::attempt).sorted().toList())
        .containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
  }
}
