package io.renderowl.infra.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.renderowl.infra.config.RenderowlSettings;
import io.renderowl.infra.pipeline.internal.RunPermitGate;
import io.renderowl.infra.temporal.TemporalConnection;
import io.renderowl.infra.temporal.WorkflowTasks;
import io.renderowl.workflows.RunPermitsWorkflow;
import io.renderowl.workflows.TaskQueues;
import io.renderowl.workflows.internal.RunPermitsWorkflowImpl;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.worker.WorkerFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run-permit gate after the embedded Temporal dev server restarted (every owl command starts
 * it): the next command's signal must not wait for the sticky queue of the process that ran the
 * gate last, which is gone. Needs the Temporal CLI, as {@link EmbeddedStackRestartTest}.
 */
@Tag("system")
@Timeout(value = 5, unit = TimeUnit.MINUTES) // two stack starts with the dev server; ~10 s here
class PermitGateAfterRestartTest {

  @Test
  void theNextCommandsSignalGoesToTheTaskQueueNotToTheGoneProcesssStickyQueue(@TempDir Path home)
      throws Exception {
    RenderowlSettings settings = EmbeddedStackRestartTest.withDevServer(home);

    // the first process: its worker runs the gate, which is then sticky to it
    try (EmbeddedStack first = EmbeddedStack.start(settings);
        TemporalConnection temporal = TemporalConnection.open(first.endpoints())) {
      WorkerFactory factory = gateWorkers(temporal);
      // Once the gate's first task is done, a signal's task goes to this worker's sticky queue.
      // (Not through RunPermitGate.ensure, which resets that first: when its reset came before
      // the first task was done the gate went sticky, after it not; a CI run saw the latter.)
      assertThat(
              WorkflowTasks.awaitSettled(
                  temporal.client(), RunPermitsWorkflow.ID, Duration.ofSeconds(10)))
          .isTrue();
      temporal
          .client()
          .newWorkflowStub(RunPermitsWorkflow.class, RunPermitsWorkflow.ID)
          .configure(3, 1);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() ->
              assertThat(lastTaskQueueKind(temporal))
                  .contains(TaskQueueKind.TASK_QUEUE_KIND_STICKY));
      factory.shutdown();
      factory.awaitTermination(10, TimeUnit.SECONDS);
    }

    // the next process: the dev server starts again; its start signals the gate
    try (EmbeddedStack second = EmbeddedStack.start(settings);
        TemporalConnection temporal = TemporalConnection.open(second.endpoints())) {
      RunPermitGate.ensure(temporal, 4, 1);

      assertThat(lastTaskQueueKind(temporal)).contains(TaskQueueKind.TASK_QUEUE_KIND_NORMAL);
    }
  }

  @Test
  void aProcessThatStopsRightAfterSignallingTheGateLeavesNoWorkflowTaskBehind(@TempDir Path home)
      throws Exception {
    try (EmbeddedStack stack = EmbeddedStack.start(EmbeddedStackRestartTest.withDevServer(home));
        TemporalConnection temporal = TemporalConnection.open(stack.endpoints())) {
      WorkerFactory factory = gateWorkers(temporal);
      for (int caps = 3; caps < 8; caps++) {
        // a signal (as a run's release at its end), then the workers stop at once, as a one-shot
        // command's do once its run has ended
        RunPermitGate.ensure(temporal, caps, 1);
        assertThat(
                WorkflowTasks.awaitSettled(
                    temporal.client(), RunPermitsWorkflow.ID, Duration.ofSeconds(10)))
            .isTrue();
        assertThat(pendingWorkflowTask(temporal)).as("after signal %d", caps).isFalse();
      }
      factory.shutdownNow();
      factory.awaitTermination(10, TimeUnit.SECONDS);
      assertThat(pendingWorkflowTask(temporal)).isFalse();
    }
  }

  @Test
  void aRunThatAsksBeforeTheGateRunsStartsItWithItsAsk(@TempDir Path home) throws Exception {
    // a process starts the gate once its workers poll; a run started before that (an API request
    // as the server comes up) must not wait minutes for its own ask
    try (EmbeddedStack stack = EmbeddedStack.start(EmbeddedStackRestartTest.withDevServer(home));
        TemporalConnection temporal = TemporalConnection.open(stack.endpoints())) {
      WorkerFactory factory = workersWithoutGate(temporal);
      // a run that stays open: no worker polls its queue
      temporal
          .client()
          .newUntypedWorkflowStub(
              "VideoPipelineWorkflow",
              io.temporal.client.WorkflowOptions.newBuilder()
                  .setWorkflowId("run-early")
                  .setTaskQueue("nobody-polls-this")
                  .build())
          .start();

      RunPermitGate.request(temporal, new RunPermitGate.Caps(2, 1), "run-early", "a-user");

      RunPermitsWorkflow gate =
          temporal.client().newWorkflowStub(RunPermitsWorkflow.class, RunPermitsWorkflow.ID);
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .untilAsserted(() -> {
            var state = gate.state();
            assertThat(state.maxRuns()).isEqualTo(2);
            assertThat(state.maxRunsPerUser()).isEqualTo(1);
            assertThat(state.holding()).isEqualTo(java.util.Map.of("run-early", "a-user"));
          });
      factory.shutdownNow();
      factory.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void ensureStartsTheGateWithItsCapsAndGivesTheRunningGateNewOnes(@TempDir Path home)
      throws Exception {
    // one signal-with-start: a start with the caps when no gate runs, the caps as a signal when
    // one does; with no cap a running gate is told so, and no gate is started
    try (EmbeddedStack stack = EmbeddedStack.start(EmbeddedStackRestartTest.withDevServer(home));
        TemporalConnection temporal = TemporalConnection.open(stack.endpoints())) {
      WorkerFactory factory = workersWithoutGate(temporal);
      RunPermitsWorkflow gate =
          temporal.client().newWorkflowStub(RunPermitsWorkflow.class, RunPermitsWorkflow.ID);
      RunPermitGate.ensure(temporal, 0, 0);
      assertThatThrownBy(() ->
              WorkflowTasks.describe(
                  temporal.client(), RunPermitsWorkflow.ID, Duration.ofSeconds(5)))
          .as("no gate without caps")
          .isInstanceOf(io.grpc.StatusRuntimeException.class);
      for (int[] caps : new int[][] {{3, 1}, {5, 2}, {0, 0}}) {
        RunPermitGate.ensure(temporal, caps[0], caps[1]);
        await()
            .atMost(Duration.ofSeconds(30))
            .ignoreExceptions()
            .untilAsserted(() -> {
              var state = gate.state();
              assertThat(state.maxRuns()).isEqualTo(caps[0]);
              assertThat(state.maxRunsPerUser()).isEqualTo(caps[1]);
            });
      }
      factory.shutdownNow();
      factory.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aPermitGrantedInTheTaskThatContinuesTheGateAsNewReachesItsRun(@TempDir Path home)
      throws Exception {
    // The server drops a signal a workflow sends in the task that continues it as new (the
    // in-memory test server delivers it): a run whose ask landed in that task waited 5 minutes
    // (ASK_AGAIN_AFTER) for its permit in `owl demo`.
    try (EmbeddedStack stack = EmbeddedStack.start(EmbeddedStackRestartTest.withDevServer(home));
        TemporalConnection temporal = TemporalConnection.open(stack.endpoints())) {
      WorkerFactory factory = gateWorkers(temporal);
      RunPermitsWorkflow gate =
          temporal.client().newWorkflowStub(RunPermitsWorkflow.class, RunPermitsWorkflow.ID);
      String firstRun =
          io.temporal.client.WorkflowStub.fromTyped(gate).describe().getExecution().getRunId();
      temporal
          .client()
          .newUntypedWorkflowStub(
              "VideoPipelineWorkflow",
              io.temporal.client.WorkflowOptions.newBuilder()
                  .setWorkflowId("run-at-the-limit")
                  .setTaskQueue("nobody-polls-this")
                  .build())
          .start();
      // each signal adds four events (signalled, task scheduled, started, completed); the next
      // one's task sees three more than now: stop while that task is still under the limit
      while (settledHistorySize(temporal, firstRun) + 3
          <= RunPermitsWorkflowImpl.CONTINUE_AS_NEW_AFTER_EVENTS) {
        gate.configure(2, 1);
      }
      gate.acquire("run-at-the-limit", "a-user"); // its task is past the limit

      await()
          .atMost(Duration.ofSeconds(30))
          .until(() ->
              temporal
                      .client()
                      .fetchHistory(RunPermitsWorkflow.ID, firstRun)
                      .getLastEvent()
                      .getEventType()
                  == io.temporal.api.enums.v1.EventType
                      .EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() ->
              temporal.client().fetchHistory("run-at-the-limit").getEvents().stream()
                  .anyMatch(e ->
                      e.hasWorkflowExecutionSignaledEventAttributes()
                          && e.getWorkflowExecutionSignaledEventAttributes()
                              .getSignalName()
                              .equals("permitGranted")));
      factory.shutdownNow();
      factory.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  /** The gate run's history size once it has handled every signal (no workflow task pending). */
  private static int settledHistorySize(TemporalConnection temporal, String gateRun) {
    java.util.Set<io.temporal.api.enums.v1.EventType> pending =
        java.util.Set.of(
            io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
            io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
            io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
    return await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(5))
        .until(
            () -> temporal.client().fetchHistory(RunPermitsWorkflow.ID, gateRun).getEvents(),
            events -> !pending.contains(events.getLast().getEventType()))
        .size();
  }

  /** This process's workers running the gate, which is started with caps (2, 1). */
  private static WorkerFactory gateWorkers(TemporalConnection temporal) {
    WorkerFactory factory = workersWithoutGate(temporal);
    RunPermitGate.ensure(temporal, 2, 1);
    return factory;
  }

  /** Workers that would run the gate; none is started. */
  private static WorkerFactory workersWithoutGate(TemporalConnection temporal) {
    WorkerFactory factory = WorkerFactory.newInstance(temporal.client());
    factory
        .newWorker(TaskQueues.PIPELINE)
        .registerWorkflowImplementationTypes(RunPermitsWorkflowImpl.class);
    factory.start();
    return factory;
  }

  private static boolean pendingWorkflowTask(TemporalConnection temporal) {
    return WorkflowTasks.describe(temporal.client(), RunPermitsWorkflow.ID, Duration.ofSeconds(5))
        .hasPendingWorkflowTask();
  }

  /** The task queue kind of the gate's last scheduled workflow task. */
  private static Optional<TaskQueueKind> lastTaskQueueKind(TemporalConnection temporal) {
    return lastTaskQueueKind(temporal, RunPermitsWorkflow.ID);
  }

  /** The task queue kind of workflow {@code workflowId}'s last scheduled workflow task. */
  static Optional<TaskQueueKind> lastTaskQueueKind(TemporalConnection temporal, String workflowId) {
    List<HistoryEvent> events =
        temporal
            .stubs()
            .blockingStub()
            .getWorkflowExecutionHistory(
                GetWorkflowExecutionHistoryRequest.newBuilder()
                    .setNamespace(temporal.client().getOptions().getNamespace())
                    .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                    .build())
            .getHistory()
            .getEventsList();
    return events.reversed().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED)
        .findFirst()
        .map(e -> e.getWorkflowTaskScheduledEventAttributes().getTaskQueue().getKind());
  }
}
