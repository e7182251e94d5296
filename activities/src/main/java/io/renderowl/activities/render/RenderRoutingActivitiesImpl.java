package io.renderowl.activities.render;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.renderowl.infra.progress.RenderWorkerRegistry;
import io.renderowl.infra.temporal.TemporalConnection;
import io.renderowl.workflows.RenderRoutingActivities;
import io.renderowl.workflows.TaskQueues;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.taskqueue.v1.PollerInfo;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks Temporal which workers polled the GPU render queue lately (DescribeTaskQueue); where the
 * server does not implement that (the in-process test server), the render worker registry in Redis
 * answers instead.
 */
public final class RenderRoutingActivitiesImpl implements RenderRoutingActivities {
  private static final Logger LOG = LoggerFactory.getLogger(RenderRoutingActivitiesImpl.class);

  /** A poller seen this recently counts as present (long polls last about a minute). */
  static final Duration RECENT = Duration.ofSeconds(90);

  private final TemporalConnection temporal;
  private final RenderWorkerRegistry registry;

  public RenderRoutingActivitiesImpl(TemporalConnection temporal, RenderWorkerRegistry registry) {
    this.temporal = temporal;
    this.registry = registry;
  }

  @Override
  public boolean gpuWorkersPresent() {
    long start = System.nanoTime();
    boolean present = askGpuWorkersPresent();
    org.slf4j.LoggerFactory.getLogger("io.renderowl.timings")
        .info("gpu routing: {} in {} ms", present, (System.nanoTime() - start) / 1_000_000);
    return present;
  }

  private boolean askGpuWorkersPresent() {
    try {
      Instant since = Instant.now().minus(RECENT);
      return temporal
          .stubs()
          .blockingStub()
          .withDeadlineAfter(5, TimeUnit.SECONDS)
          .describeTaskQueue(
              DescribeTaskQueueRequest.newBuilder()
                  .setNamespace(temporal.client().getOptions().getNamespace())
                  .setTaskQueue(TaskQueue.newBuilder().setName(TaskQueues.RENDER_GPU).build())
                  .setTaskQueueType(TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY)
                  .build())
          .getPollersList()
          .stream()
          .map(PollerInfo::getLastAccessTime)
          .anyMatch(t -> Instant.ofEpochSecond(t.getSeconds(), t.getNanos()).isAfter(since));
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
        LOG.warn("DescribeTaskQueue failed ({}); asking the worker registry", e.getStatus());
      }
      return !registry.workers(TaskQueues.RENDER_GPU).isEmpty();
    }
  }
}
