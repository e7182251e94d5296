package io.renderowl.infra.temporal;

import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.ResetStickyTaskQueueRequest;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What a process asks Temporal about a workflow's tasks as its workers start or stop: where the
 * next task goes, and whether one is still pending.
 */
public final class WorkflowTasks {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(WorkflowTasks.class);

  /** Pause between two looks. */
  static final Duration PAUSE = Duration.ofMillis(25);

  /** Looks in a row without a pending workflow task that count as settled. */
  static final int QUIET_LOOKS = 2;

  private WorkflowTasks() {}

  /**
   * Sends the next workflow task of {@code workflowId}, and of each child it has running, to their
   * task queues rather than to the sticky queue of the process that ran them last. When that
   * process has gone (killed, or exited) and the Temporal server restarted since (the embedded dev
   * server starts with every owl command), the server does not know the sticky queue is gone and
   * holds the task up to its 5 s schedule-to-start timeout. A worker that had the workflow cached
   * replays its history once. Best effort: a workflow Temporal does not know is left as it is.
   */
  public static void forgetStickyWorker(WorkflowClient client, String workflowId) {
    java.util.List<String> ids = new java.util.ArrayList<>(java.util.List.of(workflowId));
    try {
      describe(client, workflowId, Duration.ofSeconds(5))
          .getPendingChildrenList()
          .forEach(child -> ids.add(child.getWorkflowId()));
    } catch (StatusRuntimeException e) {
      return; // not known (or no answer): nothing is sticky
    }
    ids.forEach(id -> resetStickyTaskQueue(client, id));
  }

  /**
   * {@link #forgetStickyWorker} for one workflow that starts no children (the run-permit gate): one
   * request instead of a look at its children first. Best effort, as that.
   */
  public static void resetStickyTaskQueue(WorkflowClient client, String workflowId) {
    try {
      client
          .getWorkflowServiceStubs()
          .blockingStub()
          .withDeadlineAfter(5, TimeUnit.SECONDS)
          .resetStickyTaskQueue(
              ResetStickyTaskQueueRequest.newBuilder()
                  .setNamespace(client.getOptions().getNamespace())
                  .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                  .build());
    } catch (StatusRuntimeException e) {
      LOG.debug("the sticky queue of {} was not reset: {}", workflowId, e.getStatus());
    }
  }

  /**
   * Waits, at most {@code max}, until workflow {@code workflowId} has had no workflow task pending
   * at two looks in a row ({@value #QUIET_LOOKS} looks {@code PAUSE} apart: a task may schedule
   * another, e.g. the run-permit gate granting a waiting run a permit after a release). Meant for a
   * process whose workers run that workflow, before it stops them: a task it was handed and never
   * completed because its workers stopped is only given to another worker after the task's 10 s
   * timeout, and everything that signals the workflow meanwhile waits for it. Returns at once when
   * the workflow is not running or Temporal cannot say.
   *
   * @return whether the workflow settled within {@code max}
   */
  public static boolean awaitSettled(WorkflowClient client, String workflowId, Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    int quiet = 0;
    while (true) {
      DescribeWorkflowExecutionResponse described;
      try {
        described = describe(client, workflowId, Duration.ofSeconds(1));
      } catch (StatusRuntimeException e) {
        return true; // no such workflow, or no answer: nothing to wait for
      }
      if (described.getWorkflowExecutionInfo().getStatus()
          != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        return true;
      }
      quiet = described.hasPendingWorkflowTask() ? 0 : quiet + 1;
      if (quiet >= QUIET_LOOKS) {
        return true;
      }
      if (System.nanoTime() + PAUSE.toNanos() > deadline) {
        return false;
      }
      try {
        Thread.sleep(PAUSE);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  /** The workflow's current execution as Temporal describes it (its pending task and children). */
  public static DescribeWorkflowExecutionResponse describe(
      WorkflowClient client, String workflowId, Duration deadline) {
    return client
        .getWorkflowServiceStubs()
        .blockingStub()
        .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
        .describeWorkflowExecution(
            DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace(client.getOptions().getNamespace())
                .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                .build());
  }
}
