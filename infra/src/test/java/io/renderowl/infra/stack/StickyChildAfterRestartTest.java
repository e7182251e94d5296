package io.renderowl.infra.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.renderowl.infra.config.RenderowlSettings;
import io.renderowl.infra.temporal.TemporalConnection;
import io.renderowl.infra.temporal.WorkflowTasks;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run resumed by a later process ({@code owl watch} after {@code owl run} was killed) while its
 * child (the render) is running: after the embedded dev server restarted, both workflows' next
 * tasks must go to their task queue, not to the sticky queue of the process that is gone (where the
 * server held them up to 5 s). Needs the Temporal CLI, as {@link EmbeddedStackRestartTest}.
 */
@Tag("system")
@Timeout(value = 5, unit = TimeUnit.MINUTES) // two stack starts with the dev server; ~10 s here
class StickyChildAfterRestartTest {
  static final String QUEUE = "sticky-child-test";

  @WorkflowInterface
  public interface Parent {
    @WorkflowMethod
    String run();
  }

  @WorkflowInterface
  public interface Child {
    @WorkflowMethod
    String run();

    @SignalMethod
    void go();

    /** A signal that leaves it waiting (its task then goes to the sticky queue). */
    @SignalMethod
    void ping();
  }

  public static final class ParentImpl implements Parent {
    @Override
    public String run() {
      return Workflow.newChildWorkflowStub(
              Child.class, ChildWorkflowOptions.newBuilder().setWorkflowId("child-1").build())
          .run();
    }
  }

  public static final class ChildImpl implements Child {
    private boolean go;

    @Override
    public String run() {
      Workflow.await(() -> go);
      return "rendered";
    }

    @Override
    public void go() {
      go = true;
    }

    @Override
    public void ping() {}
  }

  private static WorkerFactory workers(TemporalConnection temporal) {
    WorkerFactory factory = WorkerFactory.newInstance(temporal.client());
    factory.newWorker(QUEUE).registerWorkflowImplementationTypes(ParentImpl.class, ChildImpl.class);
    factory.start();
    return factory;
  }

  @Test
  void theResumingProcessGetsTheRunsAndItsChildsNextTasks(@TempDir Path home) throws Exception {
    RenderowlSettings settings = EmbeddedStackRestartTest.withDevServer(home);

    // the first process starts the run; its worker runs both workflows, which stick to it
    try (EmbeddedStack first = EmbeddedStack.start(settings);
        TemporalConnection temporal = TemporalConnection.open(first.endpoints())) {
      WorkerFactory factory = workers(temporal);
      WorkflowClient.start(
          temporal
                  .client()
                  .newWorkflowStub(
                      Parent.class,
                      WorkflowOptions.newBuilder()
                          .setWorkflowId("run-1")
                          .setTaskQueue(QUEUE)
                          .build())
              ::run);
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions() // the child is not there before the parent's first task
          .untilAsserted(() -> {
            temporal.client().newWorkflowStub(Child.class, "child-1").ping();
            assertThat(PermitGateAfterRestartTest.lastTaskQueueKind(temporal, "child-1"))
                .contains(TaskQueueKind.TASK_QUEUE_KIND_STICKY);
            assertThat(PermitGateAfterRestartTest.lastTaskQueueKind(temporal, "run-1"))
                .contains(TaskQueueKind.TASK_QUEUE_KIND_STICKY);
          });
      factory.shutdownNow();
      factory.awaitTermination(10, TimeUnit.SECONDS);
    }

    // the resuming process: the dev server starts again
    try (EmbeddedStack second = EmbeddedStack.start(settings);
        TemporalConnection temporal = TemporalConnection.open(second.endpoints())) {
      WorkflowTasks.forgetStickyWorker(temporal.client(), "run-1");
      WorkerFactory factory = workers(temporal);
      try {
        temporal.client().newWorkflowStub(Child.class, "child-1").go();

        assertThat(PermitGateAfterRestartTest.lastTaskQueueKind(temporal, "child-1"))
            .contains(TaskQueueKind.TASK_QUEUE_KIND_NORMAL);
        assertThat(
                WorkflowStub.fromTyped(temporal.client().newWorkflowStub(Parent.class, "run-1"))
                    .getResult(30, TimeUnit.SECONDS, String.class))
            .isEqualTo("rendered");
        assertThat(PermitGateAfterRestartTest.lastTaskQueueKind(temporal, "run-1"))
            .contains(TaskQueueKind.TASK_QUEUE_KIND_NORMAL);
      } finally {
        factory.shutdownNow();
        factory.awaitTermination(10, TimeUnit.SECONDS);
      }
    }
  }
}
