package io.renderowl.workflows.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.renderowl.workflows.ChunkResult;
import io.renderowl.workflows.ChunkSpec;
import io.renderowl.workflows.CostItem;
import io.renderowl.workflows.PipelineProgress;
import io.renderowl.workflows.PipelineRequest;
import io.renderowl.workflows.PipelineRequests;
import io.renderowl.workflows.PipelineResult;
import io.renderowl.workflows.RenderCleanupWorkflow;
import io.renderowl.workflows.RenderPhase;
import io.renderowl.workflows.RenderRequest;
import io.renderowl.workflows.RenderResult;
import io.renderowl.workflows.RenderStatus;
import io.renderowl.workflows.RenderTuning;
import io.renderowl.workflows.RenderWorkflow;
import io.renderowl.workflows.Stage;
import io.renderowl.workflows.StepCost;
import io.renderowl.workflows.TaskQueues;
import io.renderowl.workflows.VideoPipelineWorkflow;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The chunked render workflow on Temporal's test environment, with fake activities. */
@Timeout(
    value = 2,
    unit =
        TimeUnit.MINUTES) // about a second a test; the latches below wait without their own bound
class RenderWorkflowTest {
  private static final String USER = VideoPipelineWorkflowTest.USER;

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private FakeStages stages;

  @BeforeEach
  void fakes() {
    stages = new FakeStages();
  }

  /** Starts the environment; with {@code gpuWorker} a worker polls the GPU render queue too. */
  private void start(boolean gpuWorker) {
    env = TestWorkflowEnvironment.newInstance();
    Worker pipeline = env.newWorker(TaskQueues.PIPELINE);
    pipeline.registerWorkflowImplementationTypes(
        VideoPipelineWorkflowImpl.class, RenderWorkflowImpl.class, RenderCleanupWorkflowImpl.class);
    pipeline.registerActivitiesImplementations(stages);
    env.newWorker(TaskQueues.RENDER_CPU).registerActivitiesImplementations(stages, stages.cpu);
    if (gpuWorker) {
      env.newWorker(TaskQueues.RENDER_GPU).registerActivitiesImplementations(stages.gpu);
    }
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stop() {
    if (env != null) {
      env.close();
    }
  }

  private RenderWorkflow workflow(String id) {
    return client.newWorkflowStub(
        RenderWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(TaskQueues.PIPELINE).build());
  }

  private static RenderRequest request(String runId, int chunks) {
    return new RenderRequest(runId, USER, "t-" + runId, 0, chunks, false, false);
  }

  @Test
  void everyChunkIsRenderedOnceAndTheChunksAreJoinedInOrder() {
    start(false);
    stages.totalFrames = 90;
    RenderWorkflow render = workflow("render-a");

    RenderResult result = render.render(request("render-a", 3));

    assertThat(result.frames()).isEqualTo(90);
    assertThat(stages.chunkAttempts)
        .containsExactlyInAnyOrder(
            "renderowl-render-cpu#0", "renderowl-render-cpu#1", "renderowl-render-cpu#2");
    assertThat(stages.joins)
        .singleElement()
        .satisfies(chunks ->
            assertThat(chunks)
                .extracting(ChunkResult::chunk)
                .containsExactly(
                    new ChunkSpec(0, 0, 30), new ChunkSpec(1, 30, 30), new ChunkSpec(2, 60, 30)));
    assertThat(render.status())
        .isEqualTo(new RenderStatus(RenderPhase.COMPLETED, 3, 3, 90, 90, "rendered 90 frames"));
  }

  @Test
  void theIntermediatesAreDeletedAfterTheResultAndTheDeletionIsRetriedUntilItSucceeds()
      throws Exception {
    start(false);
    stages.totalFrames = 60;
    stages.cleanupFailures = 2;
    stages.cleanupGate = new CountDownLatch(1);
    RenderWorkflow render = workflow("render-clean");

    // The deletions fail twice, then wait for the gate, opened only once the result is in: a
    // render whose result waited for them would time out here.
    WorkflowClient.start(render::render, request("render-clean", 2));
    RenderResult result =
        WorkflowStub.fromTyped(render).getResult(20, TimeUnit.SECONDS, RenderResult.class);
    assertThat(result.frames()).isEqualTo(60);
    assertThat(stages.cleanedRuns).isEmpty();
    stages.cleanupGate.countDown();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(stages.cleanedRuns).containsExactly("render-clean"));
    assertThat(stages.cleanupAttempts).hasValue(3);
    assertThat(
            client
                .newUntypedWorkflowStub(RenderCleanupWorkflow.workflowId("render-clean"))
                .getResult(10, TimeUnit.SECONDS, Integer.class))
        .isEqualTo(3);
  }

  @Test
  void aFailedRenderHasItsIntermediatesDeletedToo() {
    start(false);
    stages.totalFrames = 60;
    stages.renderFailures = 9; // every attempt of the first chunk

    assertThatThrownBy(() -> workflow("render-fails").render(request("render-fails", 1)))
        .isInstanceOf(WorkflowFailedException.class);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(stages.cleanedRuns).containsExactly("render-fails"));
    assertThat(stages.failedRenders).hasSize(1);
  }

  @Test
  void theChunkSizeComesFromTheWorkersWhenTheRequestHasNone() {
    start(false);
    stages.totalFrames = 1000;
    stages.tuning = new RenderTuning(250, 60, 2);

    workflow("render-b").render(request("render-b", 0));

    assertThat(stages.chunkAttempts).hasSize(4);
  }

  @Test
  void aFailingChunkIsRetriedAndTheRenderSucceeds() {
    start(false);
    stages.totalFrames = 90;
    stages.renderFailures = 2;

    RenderResult result = workflow("render-c").render(request("render-c", 3));

    assertThat(result.frames()).isEqualTo(90);
    assertThat(stages.chunkAttempts).hasSize(5);
    assertThat(stages.failedRenders).isEmpty();
  }

  @Test
  void anInvalidTimelineFailsTheRenderWithoutRetryOrChunks() {
    start(false);
    stages.prepareFailure =
        new IllegalArgumentException(
            "timeline t is invalid: track 'captions' clip c1: duration must be positive");

    assertThatThrownBy(() -> workflow("render-d").render(request("render-d", 3)))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(RenderWorkflowImpl.RENDER_FAILED);
              assertThat(f.getOriginalMessage())
                  .isEqualTo(
                      "preparing failed: timeline t is invalid: track 'captions' clip c1: duration must be positive (IllegalArgumentException)");
            });
    assertThat(stages.chunkAttempts).isEmpty();
    assertThat(stages.failedRenders)
        .singleElement()
        .asString()
        .startsWith("preparing failed: timeline t is invalid");
  }

  @Test
  void aRenderStartedOnItsOwnChargesItsVideoOnceWhenItDelivers() {
    start(false);
    stages.totalFrames = 90;

    RenderResult result = workflow("render-own").render(request("render-own", 3));

    assertThat(stages.charges)
        .containsExactly(new StepCost("render", CostItem.RENDER, result.durationSeconds(), false));
    assertThat(stages.ledger).containsExactly("RENDER DELIVERED");
  }

  @Test
  void aRenderStartedOnItsOwnThatFailsIsRefundedAndChargesNothing() {
    start(false);
    stages.prepareFailure = new IllegalArgumentException("timeline t is invalid");

    assertThatThrownBy(() -> workflow("render-own-f").render(request("render-own-f", 3)))
        .isInstanceOf(WorkflowFailedException.class);

    assertThat(stages.charges).isEmpty();
    assertThat(stages.ledger)
        .singleElement()
        .asString()
        .startsWith("RENDER UNDELIVERED: preparing failed: timeline t is invalid");
  }

  @Test
  void thePipelinesRenderLeavesItsChargesToThePipeline() {
    start(false);
    stages.totalFrames = 90;

    workflow("render-of-run")
        .render(new RenderRequest("render-of-run", USER, "t-run", 0, 3, true, false));

    assertThat(stages.charges).isEmpty();
    assertThat(stages.ledger).isEmpty();
  }

  @Test
  void chunksGoToTheGpuQueueWhenGpuWorkersPollIt() {
    start(true);
    stages.totalFrames = 90;
    stages.gpuPresent = true;

    workflow("render-e").render(request("render-e", 3));

    assertThat(stages.chunkAttempts)
        .containsExactlyInAnyOrder(
            "renderowl-render-gpu#0", "renderowl-render-gpu#1", "renderowl-render-gpu#2");
    assertThat(stages.joins.getFirst()).extracting(ChunkResult::encoder).containsOnly("h264_nvenc");
  }

  @Test
  void chunksGoToTheCpuQueueWhenNoGpuWorkerIsAnnounced() {
    start(true);
    stages.totalFrames = 90;
    stages.gpuPresent = false;

    workflow("render-f").render(request("render-f", 3));

    assertThat(stages.chunkAttempts)
        .containsExactlyInAnyOrder(
            "renderowl-render-cpu#0", "renderowl-render-cpu#1", "renderowl-render-cpu#2");
  }

  @Test
  void staleGpuInformationFallsBackToTheCpuQueueAfterTheScheduleToStartTimeout() {
    start(false);
    stages.totalFrames = 90;
    stages.gpuPresent = true;
    stages.tuning = new RenderTuning(300, 1, 2);

    RenderResult result = workflow("render-g").render(request("render-g", 3));

    assertThat(result.frames()).isEqualTo(90);
    assertThat(stages.chunkAttempts)
        .containsExactlyInAnyOrder(
            "renderowl-render-cpu#0", "renderowl-render-cpu#1", "renderowl-render-cpu#2");
    assertThat(stages.joins.getFirst()).extracting(ChunkResult::encoder).containsOnly("libx264");
  }

  @Test
  void aChunkThatFailsOnTheGpuQueueIsRenderedOnCpuAndTheGpuChunksAreRedoneToMatch() {
    start(true);
    stages.totalFrames = 90;
    stages.gpuPresent = true;
    stages.gpuFailChunk = 1;

    RenderResult result = workflow("render-j").render(request("render-j", 3));

    assertThat(result.frames()).isEqualTo(90);
    assertThat(stages.chunkAttempts)
        .containsExactlyInAnyOrder(
            "renderowl-render-gpu#0",
            "renderowl-render-gpu#1",
            "renderowl-render-gpu#1",
            "renderowl-render-gpu#2",
            "renderowl-render-cpu#1",
            "renderowl-render-cpu#0",
            "renderowl-render-cpu#2");
    assertThat(stages.joins.getFirst()).extracting(ChunkResult::encoder).containsOnly("libx264");
    assertThat(stages.joins.getFirst()).extracting(c -> c.chunk().index()).containsExactly(0, 1, 2);
  }

  @Test
  void cancellingTheRenderStopsItsChunksAtTheirNextHeartbeat() throws Exception {
    start(false);
    stages.totalFrames = 90;
    stages.chunksRunning = new CountDownLatch(3);
    RenderWorkflow render = workflow("render-h");
    WorkflowClient.start(render::render, request("render-h", 3));
    stages.chunksRunning.await();

    WorkflowStub stub = WorkflowStub.fromTyped(render);
    stub.cancel();

    assertThatThrownBy(() -> stub.getResult(RenderResult.class))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOf(CanceledFailure.class);
    // The workflow ends at the first chunk's cancellation; each other chunk stops at its own next
    // heartbeat, a moment later.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(stages.chunksCancelled).containsExactlyInAnyOrder(0, 1, 2));
    assertThat(stages.failedRenders).containsExactly("cancelled");
    assertThat(stages.joins).isEmpty();
  }

  @Test
  void cancellingThePipelineCancelsItsRenderChild() throws Exception {
    start(false);
    stages.tuning = new RenderTuning(100, 60, 2);
    stages.chunksRunning = new CountDownLatch(3);
    PipelineRequest request = VideoPipelineWorkflowTest.request("auroras");
    VideoPipelineWorkflow pipeline =
        client.newWorkflowStub(
            VideoPipelineWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(PipelineRequests.runId(request))
                .setTaskQueue(TaskQueues.PIPELINE)
                .build());
    WorkflowClient.start(pipeline::run, request);
    stages.chunksRunning.await();

    WorkflowStub.fromTyped(pipeline).cancel();

    assertThatThrownBy(() -> WorkflowStub.fromTyped(pipeline).getResult(PipelineResult.class))
        .isInstanceOf(WorkflowFailedException.class);
    // The workflow ends at the first chunk's cancellation; each other chunk stops at its own next
    // heartbeat, a moment later.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(stages.chunksCancelled).containsExactlyInAnyOrder(0, 1, 2));
    assertThat(stages.ledger).last().isEqualTo("FAILED at RENDER: render cancelled");
  }

  @Test
  void aPipelineRendersThroughTheChildWorkflowAndHearsOfEachChunk() throws Exception {
    start(false);
    stages.tuning = new RenderTuning(100, 60, 2);
    PipelineRequest request = VideoPipelineWorkflowTest.request("coral reefs");
    String runId = PipelineRequests.runId(request);
    VideoPipelineWorkflow pipeline =
        client.newWorkflowStub(
            VideoPipelineWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(runId)
                .setTaskQueue(TaskQueues.PIPELINE)
                .build());

    PipelineResult result = pipeline.run(request);

    assertThat(result.render().frames()).isEqualTo(300);
    assertThat(result.render().renderId()).isEqualTo("r-" + runId);
    assertThat(stages.chunkAttempts).hasSize(3);
    WorkflowExecutionHistory parent = client.fetchHistory(runId);
    WorkflowExecutionHistory child = client.fetchHistory(runId + "-render");
    assertThat(parent.getEvents())
        .filteredOn(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)
        .hasSize(3);
    WorkflowReplayer.replayWorkflowExecution(parent, VideoPipelineWorkflowImpl.class);
    WorkflowReplayer.replayWorkflowExecution(child, RenderWorkflowImpl.class);

    String out = System.getProperty("renderowl.recordHistoriesTo");
    if (out != null) {
      Files.writeString(Path.of(out, "pipeline-chunked-render.json"), parent.toJson(true));
      Files.writeString(Path.of(out, "render-chunked.json"), child.toJson(true));
    }
  }

  @Test
  void thePipelinesProgressQueryCountsTheFinishedChunksOfItsRender() throws Exception {
    start(false);
    stages.tuning = new RenderTuning(100, 60, 2);
    stages.gatedChunk = 2;
    PipelineRequest request = VideoPipelineWorkflowTest.request("lighthouses");
    VideoPipelineWorkflow pipeline =
        client.newWorkflowStub(
            VideoPipelineWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(PipelineRequests.runId(request))
                .setTaskQueue(TaskQueues.PIPELINE)
                .build());
    WorkflowClient.start(pipeline::run, request);
    stages.gatedChunkStarted.await();
    RenderWorkflow render =
        client.newWorkflowStub(RenderWorkflow.class, PipelineRequests.runId(request) + "-render");
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> render.status().chunksDone() >= 2);
    // The signal from the child may land a moment after its query shows it.
    PipelineProgress during =
        await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(20))
            .until(
                pipeline::progress, p -> p != null && p.percent() != Stage.RENDER.startPercent());
    stages.chunkGate.countDown();
    WorkflowStub.fromTyped(pipeline).getResult(PipelineResult.class);

    assertThat(during)
        .isEqualTo(
            new PipelineProgress(
                Stage.RENDER,
                Stage.RENDER.percentAt(2 / 3.0),
                "rendering: 200 of 300 frames in finished chunks"));
  }

  @Test
  void recordedChunkedHistoriesReplayWithTheCurrentCode() throws Exception {
    // The pipeline names its child after its own workflow id, so replay with the recorded id.
    WorkflowReplayer.replayWorkflowExecution(
        recorded("histories/pipeline-chunked-render.json", "run-172562b588f7dcf03004"),
        VideoPipelineWorkflowImpl.class);
    WorkflowReplayer.replayWorkflowExecution(
        recorded("histories/render-chunked.json", "run-172562b588f7dcf03004-render"),
        RenderWorkflowImpl.class);
  }

  private static WorkflowExecutionHistory recorded(String resource, String workflowId)
      throws Exception {
    try (var in = RenderWorkflowTest.class.getClassLoader().getResourceAsStream(resource)) {
      return WorkflowExecutionHistory.fromJson(
          new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), workflowId);
    }
  }

  @Test
  void theProgressQueryCountsFinishedChunks() {
    start(false);
    stages.totalFrames = 90;
    RenderWorkflow render = workflow("render-i");

    assertThat(new RenderStatus(RenderPhase.RENDERING, 1, 3, 30, 90, "").fraction())
        .isEqualTo(1.0 / 3);
    render.render(request("render-i", 3));
    assertThat(render.status().fraction()).isEqualTo(1.0);
  }
}
