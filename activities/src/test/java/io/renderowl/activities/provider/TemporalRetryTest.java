package io.renderowl.activities.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.renderowl.activities.voice.ElevenLabsSpeaker;
import io.renderowl.activities.voice.Speaker;
import io.renderowl.activities.voice.SpeakersTest;
import io.renderowl.workflows.Narration;
import io.renderowl.workflows.Scene;
import io.renderowl.workflows.VoiceActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A provider's 429 with Retry-After becomes a Temporal activity retry after that delay (time
 * skipped by the test environment), not a sleeping worker thread; the retry then succeeds.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // Temporal's test environment; about 5 s
class TemporalRetryTest {

  @WorkflowInterface
  public interface SpeakOnce {
    @WorkflowMethod
    double speak(String text);
  }

  /** The pipeline's media activity options: 3 min per attempt, 5 attempts, backoff up to 30 s. */
  public static class SpeakOnceImpl implements SpeakOnce {
    private final VoiceActivities media =
        Workflow.newActivityStub(
            VoiceActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(3))
                .setRetryOptions(
                    RetryOptions.newBuilder()
                        .setInitialInterval(Duration.ofSeconds(1))
                        .setMaximumInterval(Duration.ofSeconds(30))
                        .setMaximumAttempts(5)
                        .build())
                .build());

    @Override
    public double speak(String text) {
      long before = Workflow.currentTimeMillis();
      media.narrate("run-1", new Scene(0, text, "octopus", 3), "en");
      return (Workflow.currentTimeMillis() - before) / 1000.0;
    }
  }

  /** Narration through the real ElevenLabs client; no visuals in this test. */
  static final class SpeechOnly implements VoiceActivities {
    final ElevenLabsSpeaker speaker;

    SpeechOnly(ElevenLabsSpeaker speaker) {
      this.speaker = speaker;
    }

    @Override
    public Narration narrate(String runId, Scene scene, String voice) {
      try {
        Speaker.Speech s =
            speaker.speak(runId, scene.text(), voice, Files.createTempDirectory("retry-"));
        return new Narration(
            scene.index(),
            "k",
            s.durationSeconds(),
            speaker.provider(),
            s.words(),
            s.timingSource());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  WireMockServer server;
  TestWorkflowEnvironment env;

  @BeforeEach
  void start() {
    server = Stubs.start();
    env = TestWorkflowEnvironment.newInstance();
  }

  @AfterEach
  void stop() {
    env.close();
    server.stop();
  }

  @Test
  void aRateLimitedCallIsRetriedByTemporalAfterRetryAfter() {
    String path = "/v1/text-to-speech/" + ElevenLabsSpeaker.DEFAULT_VOICE_ID + "/with-timestamps";
    server.stubFor(
        post(urlPathEqualTo(path))
            .inScenario("429")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "45")
                    .withBody(
                        "{\"detail\":{\"status\":\"rate_limited\",\"message\":\"slow down\"}}"))
            .willSetStateTo("open"));
    server.stubFor(
        post(urlPathEqualTo(path))
            .inScenario("429")
            .whenScenarioStateIs("open")
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        SpeakersTest.withTimestamps(TestMedia.mp3(2.0), SpeakersTest.TEXT, 1.8))));
    Worker worker = env.newWorker("retry-test");
    worker.registerWorkflowImplementationTypes(SpeakOnceImpl.class);
    worker.registerActivitiesImplementations(
        new SpeechOnly(
            new ElevenLabsSpeaker(
                Stubs.settings(server, Map.of()), Stubs.http(ResponseCache.NONE), UsageSink.NONE)));
    env.start();

    SpeakOnce workflow =
        env.getWorkflowClient()
            .newWorkflowStub(
                SpeakOnce.class, WorkflowOptions.newBuilder().setTaskQueue("retry-test").build());
    double waited = workflow.speak(SpeakersTest.TEXT);

    server.verify(2, postRequestedFor(urlPathEqualTo(path)));
    // The second attempt came after the provider's 45 s (plus up to 10% jitter), longer than the
    // policy's 30 s maximum interval: the delay came from the failure, not from the backoff.
    assertThat(waited).isBetween(45.0, 52.0);
  }
}
