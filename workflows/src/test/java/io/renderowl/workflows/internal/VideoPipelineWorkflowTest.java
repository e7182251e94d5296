package io.renderowl.workflows.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renderowl.workflows.Aspect;
import io.renderowl.workflows.CallbackActivities;
import io.renderowl.workflows.CompletionCallback;
import io.renderowl.workflows.PipelineProgress;
import io.renderowl.workflows.PipelineRequest;
import io.renderowl.workflows.PipelineRequests;
import io.renderowl.workflows.PipelineResult;
import io.renderowl.workflows.Publication;
import io.renderowl.workflows.Stage;
import io.renderowl.workflows.TaskQueues;
import io.renderowl.workflows.VideoPipelineWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 2, unit = TimeUnit.MINUTES) // about a second a test on Temporal's test environment
class VideoPipelineWorkflowTest {
  static final String USER = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private FakeStages stages;
  private final RecordingCallbacks callbacks = new RecordingCallbacks();

  /** Records the completion callbacks the pipeline asks to deliver. */
  static final class RecordingCallbacks implements CallbackActivities {
    final List<CompletionCallback> delivered = new CopyOnWriteArrayList<>();

    @Override
    public void deliver(CompletionCallback callback) {
      delivered.add(callback);
    }
  }

  @BeforeEach
  void startEnvironment() {
    env = TestWorkflowEnvironment.newInstance();
    stages = new FakeStages();
    Worker pipeline = env.newWorker(TaskQueues.PIPELINE);
    pipeline.registerWorkflowImplementationTypes(
        VideoPipelineWorkflowImpl.class, RenderWorkflowImpl.class, RenderCleanupWorkflowImpl.class);
    pipeline.registerActivitiesImplementations(stages, callbacks);
    env.newWorker(TaskQueues.RENDER_CPU).registerActivitiesImplementations(stages, stages.cpu);
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stopEnvironment() {
    env.close();
  }

  static PipelineRequest request(String topic) {
    return new PipelineRequest(
        USER, topic, Aspect.LANDSCAPE, 30, "en", List.of("local-folder"), "k1");
  }

  private VideoPipelineWorkflow workflow(PipelineRequest request) {
    return client.newWorkflowStub(
        VideoPipelineWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(PipelineRequests.runId(request))
            .setTaskQueue(TaskQueues.PIPELINE)
            .build());
  }

  @Test
  void aRunGoesThroughEveryStageAndPublishes() {
    PipelineRequest request = request("tide pools");
    VideoPipelineWorkflow workflow = workflow(request);

    PipelineResult result = workflow.run(request);

    assertThat(result.runId()).isEqualTo(PipelineRequests.runId(request));
    assertThat(result.title()).isEqualTo("About tide pools");
    assertThat(result.render().frames()).isEqualTo(300);
    assertThat(result.publications())
        .extracting(Publication::platform)
        .containsExactly("local-folder");
    assertThat(stages.ledger)
        .containsExactly("SCRIPT", "SCENES", "VOICE", "TIMELINE", "RENDER", "PUBLISH", "COMPLETED");
    assertThat(workflow.progress())
        .isEqualTo(new PipelineProgress(Stage.COMPLETED, 100, "published to 1 platform(s)"));
  }

  @Test
  void aStageThatFailsTwiceIsRetriedAndTheRunSucceeds() {
    stages.renderFailures = 2;
    PipelineRequest request = request("volcanoes");

    PipelineResult result = workflow(request).run(request);

    assertThat(stages.renderAttempts.get()).isEqualTo(3);
    assertThat(result.render().renderId()).isEqualTo("r-" + result.runId());
    assertThat(stages.ledger).last().isEqualTo("COMPLETED");
  }

  @Test
  void badInputIsNotRetriedAndFailsTheRunWithItsReason() {
    stages.scriptFailure =
        attempt -> new IllegalArgumentException("topic 'xyzzy' is not something to write about");
    PipelineRequest request = request("xyzzy");
    VideoPipelineWorkflow workflow = workflow(request);

    assertThatThrownBy(() -> workflow.run(request))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(VideoPipelineWorkflowImpl.PIPELINE_FAILED);
              assertThat(f.getOriginalMessage())
                  .isEqualTo(
                      "script failed: topic 'xyzzy' is not something to write about (IllegalArgumentException)");
            });
    assertThat(stages.scriptAttempts.get()).isEqualTo(1);
    assertThat(stages.ledger)
        .containsExactly(
            "SCRIPT",
            "FAILED at SCRIPT: script failed: topic 'xyzzy' is not something to write about (IllegalArgumentException)");
    assertThat(workflow.progress().stage()).isEqualTo(Stage.FAILED);
  }

  @Test
  void anInvalidRequestFailsBeforeAnyStage() {
    PipelineRequest request =
        new PipelineRequest(USER, "  ", Aspect.SQUARE, 5, "en", List.of("local-folder"), "");

    assertThatThrownBy(() -> workflow(request).run(request))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(VideoPipelineWorkflowImpl.INVALID_INPUT);
              assertThat(f.getOriginalMessage())
                  .contains("topic: is required")
                  .contains("duration: must be between 10 and 600 seconds");
            });
    assertThat(stages.scriptAttempts.get()).isZero();
  }

  @Test
  void aRecordedHistoryReplaysWithTheCurrentCode() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/pipeline-happy-path.json", VideoPipelineWorkflowImpl.class);
  }

  @Test
  void theScenesAreNarratedWhileTheirVisualsAreSourced() throws Exception {
    // Each visual holds on until a narration has started: with the voice after the visuals,
    // none would see one (each waits its 5 s out).
    stages.narrationStarted = new java.util.concurrent.CountDownLatch(1);
    PipelineRequest request = request("night herons");

    PipelineResult result = workflow(request).run(request);

    assertThat(stages.visualsThatSawANarration.get()).isEqualTo(5);
    assertThat(result.render().frames()).isEqualTo(300);
    assertThat(stages.ledger)
        .containsExactly("SCRIPT", "SCENES", "VOICE", "TIMELINE", "RENDER", "PUBLISH", "COMPLETED");
    WorkflowReplayer.replayWorkflowExecution(
        client.fetchHistory(PipelineRequests.runId(request)), VideoPipelineWorkflowImpl.class);
  }

  @Test
  void aRunRecordedWithTheVoiceBesideTheVisualsReplays() throws Exception {
    // recorded by aFreshHistoryReplaysDeterministically (-Drenderowl.recordHistoryTo=...); the
    // run names its render child after its own workflow id, so it replays under the recorded id
    String json;
    try (var in =
        getClass()
            .getClassLoader()
            .getResourceAsStream("histories/pipeline-voice-beside-visuals.json")) {
      json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    WorkflowExecutionHistory history =
        WorkflowExecutionHistory.fromJson(json, PipelineRequests.runId(request("deep sea vents")));
    assertThat(history.getEvents())
        .anyMatch(e ->
            e.hasMarkerRecordedEventAttributes()
                && e.getMarkerRecordedEventAttributes()
                    .getDetailsMap()
                    .toString()
                    .contains(VideoPipelineWorkflowImpl.VOICE_BESIDE_VISUALS_CHANGE));
    WorkflowReplayer.replayWorkflowExecution(history, VideoPipelineWorkflowImpl.class);
  }

  @Test
  void aFreshHistoryReplaysDeterministically() throws Exception {
    stages.renderFailures = 1;
    PipelineRequest request = request("deep sea vents");
    workflow(request).run(request);

    WorkflowExecutionHistory history = client.fetchHistory(PipelineRequests.runId(request));
    WorkflowReplayer.replayWorkflowExecution(history, VideoPipelineWorkflowImpl.class);

    String out = System.getProperty("renderowl.recordHistoryTo");
    if (out != null) {
      Files.writeString(Path.of(out), history.toJson(true));
    }
  }

  @Test
  void theProgressQueryAnswersWhileTheRunIsUnderWay() throws Exception {
    stages.renderGate = new java.util.concurrent.CountDownLatch(1);
    PipelineRequest request = request("glaciers");
    VideoPipelineWorkflow workflow = workflow(request);
    WorkflowClient.start(workflow::run, request);
    stages.renderStarted.await();

    PipelineProgress during = workflow.progress();
    stages.renderGate.countDown();
    WorkflowStub.fromTyped(workflow).getResult(PipelineResult.class);

    assertThat(during.stage()).isEqualTo(Stage.RENDER);
    assertThat(during.percent()).isEqualTo(Stage.RENDER.startPercent());
    assertThat(during.message()).isEqualTo("rendering 1920x1080, 10.0 s");
    assertThat(workflow.progress().percent()).isEqualTo(100);
  }

  @Test
  void aRunWithACallbackUrlReportsItsCompletionOnceAndReplays() throws Exception {
    PipelineRequest request = request("barn owls").withCallback("https://hooks.example.com/owl");
    String runId = PipelineRequests.runId(request);

    workflow(request).run(request);

    assertThat(callbacks.delivered)
        .containsExactly(
            new CompletionCallback(
                runId + ":completed",
                USER,
                "run",
                runId,
                "completed",
                "/api/v1/pipelines/" + runId,
                null,
                "https://hooks.example.com/owl"));
    WorkflowReplayer.replayWorkflowExecution(
        client.fetchHistory(runId), VideoPipelineWorkflowImpl.class);
  }

  @Test
  void aFailedRunWithACallbackUrlReportsTheFailureAndItsReason() {
    stages.scriptFailure = attempt -> new IllegalArgumentException("nothing to say about it");
    PipelineRequest request = request("silence").withCallback("https://hooks.example.com/owl");

    assertThatThrownBy(() -> workflow(request).run(request))
        .isInstanceOf(WorkflowFailedException.class);

    assertThat(callbacks.delivered).hasSize(1);
    CompletionCallback sent = callbacks.delivered.get(0);
    assertThat(sent.status()).isEqualTo("failed");
    assertThat(sent.deliveryId()).isEqualTo(PipelineRequests.runId(request) + ":failed");
    assertThat(sent.error())
        .isEqualTo("script failed: nothing to say about it (IllegalArgumentException)");
  }

  @Test
  void aRunWithoutACallbackUrlSendsNone() {
    PipelineRequest request = request("quiet owls");
    workflow(request).run(request);
    assertThat(callbacks.delivered).isEmpty();
  }
}
