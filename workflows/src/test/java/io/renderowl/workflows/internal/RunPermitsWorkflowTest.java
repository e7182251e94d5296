package io.renderowl.workflows.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.renderowl.workflows.Aspect;
import io.renderowl.workflows.PipelineRequest;
import io.renderowl.workflows.PipelineRequests;
import io.renderowl.workflows.PipelineResult;
import io.renderowl.workflows.RunPermitsState;
import io.renderowl.workflows.RunPermitsWorkflow;
import io.renderowl.workflows.TaskQueues;
import io.renderowl.workflows.VideoPipelineWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The run permits workflow on Temporal's test environment (each test takes a second or two). */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RunPermitsWorkflowTest {
  static final String ALICE = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";
  static final String BOB = "7a2b3c4d-5e6f-4a70-8b8c-9d0e1f2a3b4c";

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private FakeStages stages;

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    stages = new FakeStages();
    stages.renderGate = new CountDownLatch(1);
    Worker pipeline = env.newWorker(TaskQueues.PIPELINE);
    pipeline.registerWorkflowImplementationTypes(
        VideoPipelineWorkflowImpl.class,
        RenderWorkflowImpl.class,
        RenderCleanupWorkflowImpl.class,
        RunPermitsWorkflowImpl.class);
    pipeline.registerActivitiesImplementations(stages);
    env.newWorker(TaskQueues.RENDER_CPU).registerActivitiesImplementations(stages, stages.cpu);
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void capsHoldOverallAndPerUserAndASecondUserIsNotStarvedByAFirstUsersBatch() throws Exception {
    RunPermitsWorkflow gate = startGate(3, 2);

    List<CompletableFuture<PipelineResult>> results = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      results.add(start(ALICE, "alice topic " + i));
    }
    awaitState(gate, s -> s.waitingCount() + s.holding().size() == 4);
    for (int i = 0; i < 2; i++) {
      results.add(start(BOB, "bob topic " + i));
    }
    RunPermitsState full = awaitState(gate, s -> s.holding().size() == 3 && s.waitingCount() == 3);

    Map<String, Long> heldByUser =
        full.holding().values().stream()
            .collect(Collectors.groupingBy(u -> u, Collectors.counting()));
    assertThat(heldByUser).isEqualTo(Map.of(ALICE, 2L, BOB, 1L));
    assertThat(full.waiting().get(ALICE)).hasSize(2);
    assertThat(full.waiting().get(BOB)).hasSize(1);

    stages.renderGate.countDown();
    for (CompletableFuture<PipelineResult> r : results) {
      assertThat(r.get().publications()).hasSize(1);
    }
    RunPermitsState drained = awaitState(gate, s -> s.holding().isEmpty());
    assertThat(drained.waitingCount()).isZero();
  }

  @Test
  void aRunStartedWithoutThePermitMemoGoesAheadWithoutAPermit() throws Exception {
    stages.renderGate.countDown();
    assertThat(start(ALICE, "no gate here", false).get().title()).isEqualTo("About no gate here");
  }

  private CompletableFuture<PipelineResult> start(String user, String topic) {
    return start(user, topic, true);
  }

  @Test
  void aRunWhoseStarterNeverAskedTheGateAsksItselfAfterAWhile() throws Exception {
    RunPermitsWorkflow gate = startGate(1, 0);
    stages.renderGate.countDown();
    long before = env.currentTimeMillis();

    // the starter died between starting the run and asking the gate
    PipelineResult result = start(ALICE, "an orphan in line", true, false).get();

    assertThat(result.title()).isEqualTo("About an orphan in line");
    assertThat(env.currentTimeMillis() - before)
        .as("workflow time until the run asked itself and ran")
        .isGreaterThanOrEqualTo(RunPermits.ASK_AGAIN_AFTER.toMillis());
    assertThat(awaitState(gate, s -> s.holding().isEmpty()).waitingCount()).isZero();
  }

  @Test
  void aRunCancelledInLineGivesItsPlaceBackAndIsRecordedCancelled() throws Exception {
    RunPermitsWorkflow gate = startGate(1, 0);
    CompletableFuture<PipelineResult> first = start(ALICE, "first in line");
    CompletableFuture<PipelineResult> second = start(BOB, "second in line");
    RunPermitsState full = awaitState(gate, s -> s.holding().size() == 1 && s.waitingCount() == 1);
    String waiting = full.waiting().values().iterator().next().get(0);

    client.newUntypedWorkflowStub(waiting).cancel();

    // its place is given back: the permit the first run frees later goes to nobody
    assertThat(awaitState(gate, s -> s.waitingCount() == 0).holding()).doesNotContainKey(waiting);
    assertThat(second).failsWithin(Duration.ofSeconds(30));
    assertThat(stages.ledger)
        .anyMatch(e -> e.startsWith("FAILED at QUEUED") && e.contains("cancelled"));
    stages.renderGate.countDown();
    assertThat(first.get().publications()).hasSize(1);
    assertThat(awaitState(gate, s -> s.holding().isEmpty()).waitingCount()).isZero();
  }

  @Test
  void theGateContinuesAsNewAfterAFewHundredEventsAndKeepsItsLine() throws Exception {
    RunPermitsWorkflow gate = startGate(1, 0);
    String firstRun = io.temporal.client.WorkflowStub.fromTyped(gate).getExecution().getRunId();
    // two runs that stay open (no worker polls their queue): one holds the permit, one waits
    for (String run : List.of("run-holding", "run-waiting")) {
      client
          .newUntypedWorkflowStub(
              "VideoPipelineWorkflow",
              WorkflowOptions.newBuilder()
                  .setWorkflowId(run)
                  .setTaskQueue("nobody-polls-this")
                  .build())
          .start();
    }
    gate.acquire("run-holding", ALICE);
    gate.acquire("run-waiting", BOB);
    awaitState(gate, s -> s.holding().size() == 1 && s.waitingCount() == 1);

    // every owl command's start signals the gate (its caps): each adds a workflow task; the
    // first change the gate sees past the limit continues it as new
    for (int i = 0;
        client.fetchHistory(RunPermitsWorkflow.ID, firstRun).getEvents().size()
            <= RunPermitsWorkflowImpl.CONTINUE_AS_NEW_AFTER_EVENTS;
        i++) {
      assertThat(i).as("signals sent before the history reached its limit").isLessThan(1000);
      gate.configure(1, 0);
    }
    gate.configure(1, 0);
    await().atMost(Duration.ofSeconds(30)).until(() -> continuedAsNew(firstRun));

    // signals that arrive while the gate's task is in flight come after the limit: a few dozen
    // events at most here, against the 4,000 of the gates before
    var firstHistory = client.fetchHistory(RunPermitsWorkflow.ID, firstRun);
    assertThat(firstHistory.getEvents().size())
        .isLessThan(RunPermitsWorkflowImpl.CONTINUE_AS_NEW_AFTER_EVENTS + 100);
    // the new run takes the carried state over in its first workflow task: ask once that is done
    String nextRun =
        firstHistory
            .getLastEvent()
            .getWorkflowExecutionContinuedAsNewEventAttributes()
            .getNewExecutionRunId();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() ->
            client.fetchHistory(RunPermitsWorkflow.ID, nextRun).getEvents().stream()
                .anyMatch(e ->
                    e.getEventType()
                        == io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED));
    RunPermitsState carried =
        client.newWorkflowStub(RunPermitsWorkflow.class, RunPermitsWorkflow.ID).state();
    assertThat(carried.maxRuns()).isEqualTo(1);
    assertThat(carried.holding()).isEqualTo(Map.of("run-holding", ALICE));
    assertThat(carried.waiting()).isEqualTo(Map.of(BOB, List.of("run-waiting")));
  }

  @Test
  void aPermitGrantedInTheTaskThatContinuesTheGateAsNewReachesItsRun() throws Exception {
    // A signal the gate sends in the workflow task that continues it as new is dropped by the
    // Temporal server; the run waited ASK_AGAIN_AFTER (5 min) before it asked again (`owl demo`).
    RunPermitsWorkflow gate = startGate(8, 4);
    String firstRun = io.temporal.client.WorkflowStub.fromTyped(gate).getExecution().getRunId();
    client
        .newUntypedWorkflowStub(
            "VideoPipelineWorkflow",
            WorkflowOptions.newBuilder()
                .setWorkflowId("run-at-the-limit")
                .setTaskQueue("nobody-polls-this")
                .build())
        .start();
    // each signal adds four events (signalled, task scheduled, started, completed); the task of
    // the next one sees three more than now: stop while that task is still under the limit
    while (settledHistorySize(firstRun) + 3
        <= RunPermitsWorkflowImpl.CONTINUE_AS_NEW_AFTER_EVENTS) {
      gate.configure(8, 4);
    }
    gate.acquire("run-at-the-limit", ALICE); // its task is past the limit: grant, then new run

    await().atMost(Duration.ofSeconds(30)).until(() -> continuedAsNew(firstRun));
    // this in-memory server delivers such a signal anyway (the dev server's test is in infra:
    // PermitGateAfterRestartTest): what it can show is that the grant was delivered first
    var events = client.fetchHistory(RunPermitsWorkflow.ID, firstRun).getEvents();
    long initiated =
        events.stream()
            .filter(e -> e.hasSignalExternalWorkflowExecutionInitiatedEventAttributes())
            .filter(e ->
                e.getSignalExternalWorkflowExecutionInitiatedEventAttributes()
                    .getWorkflowExecution()
                    .getWorkflowId()
                    .equals("run-at-the-limit"))
            .count();
    long delivered =
        events.stream()
            .filter(e -> e.hasExternalWorkflowExecutionSignaledEventAttributes())
            .filter(e ->
                e.getExternalWorkflowExecutionSignaledEventAttributes()
                    .getWorkflowExecution()
                    .getWorkflowId()
                    .equals("run-at-the-limit"))
            .count();
    assertThat(initiated).as("grants signalled by the first run").isEqualTo(1);
    assertThat(delivered).as("grants delivered before it continued as new").isEqualTo(1);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() ->
            client.fetchHistory("run-at-the-limit").getEvents().stream()
                .anyMatch(e ->
                    e.hasWorkflowExecutionSignaledEventAttributes()
                        && e.getWorkflowExecutionSignaledEventAttributes()
                            .getSignalName()
                            .equals("permitGranted")));
    assertThat(client.newWorkflowStub(RunPermitsWorkflow.class, RunPermitsWorkflow.ID).state())
        .satisfies(s -> assertThat(s.holding()).isEqualTo(Map.of("run-at-the-limit", ALICE)));
  }

  /** The gate's history size once it has handled every signal (no workflow task pending). */
  private int settledHistorySize(String gateRun) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(5))
        .until(
            () -> client.fetchHistory(RunPermitsWorkflow.ID, gateRun).getEvents(),
            events ->
                !java.util.Set.of(
                        io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
                        io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
                        io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED)
                    .contains(events.getLast().getEventType()))
        .size();
  }

  @Test
  void aGateRecordedBeforeTheShorterHistoriesReplaysWithTheCurrentCode() throws Exception {
    // recorded with the code before the change: 566 events, more than the new limit, without a
    // continue-as-new; it must replay where it stands, not continue as new in the middle
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/run-permits-before-shorter-histories.json", RunPermitsWorkflowImpl.class);
  }

  private boolean continuedAsNew(String gateRun) {
    return client.fetchHistory(RunPermitsWorkflow.ID, gateRun).getLastEvent().getEventType()
        == io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW;
  }

  private CompletableFuture<PipelineResult> start(String user, String topic, boolean permit) {
    return start(user, topic, permit, permit);
  }

  private CompletableFuture<PipelineResult> start(
      String user, String topic, boolean permit, boolean ask) {
    PipelineRequest request =
        new PipelineRequest(user, topic, Aspect.LANDSCAPE, 30, "en", List.of("local-folder"), "k");
    VideoPipelineWorkflow wf =
        client.newWorkflowStub(
            VideoPipelineWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(PipelineRequests.runId(request))
                .setTaskQueue(TaskQueues.PIPELINE)
                .setMemo(permit ? Map.of(RunPermits.MEMO, true) : Map.of())
                .build());
    WorkflowClient.start(wf::run, request);
    if (ask) {
      // As RunPermitGate.request does for the engine's starts.
      client
          .newWorkflowStub(RunPermitsWorkflow.class, RunPermitsWorkflow.ID)
          .acquire(PipelineRequests.runId(request), user);
    }
    return client
        .newUntypedWorkflowStub(PipelineRequests.runId(request))
        .getResultAsync(PipelineResult.class);
  }

  private RunPermitsWorkflow startGate(int maxRuns, int maxRunsPerUser) {
    RunPermitsWorkflow gate =
        client.newWorkflowStub(
            RunPermitsWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(RunPermitsWorkflow.ID)
                .setTaskQueue(TaskQueues.PIPELINE)
                .build());
    WorkflowClient.start(gate::run, RunPermitsState.initial(maxRuns, maxRunsPerUser));
    return gate;
  }

  private static RunPermitsState awaitState(
      RunPermitsWorkflow gate, java.util.function.Predicate<RunPermitsState> done) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(gate::state, done);
  }
}
