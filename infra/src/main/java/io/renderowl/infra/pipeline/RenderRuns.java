package io.renderowl.infra.pipeline;

import io.renderowl.infra.persistence.TimelineRepository;
import io.renderowl.infra.progress.LiveProgress;
import io.renderowl.infra.temporal.TemporalConnection;
import io.renderowl.infra.temporal.WorkflowQueries;
import io.renderowl.workflows.Failures;
import io.renderowl.workflows.RenderRequest;
import io.renderowl.workflows.RenderResult;
import io.renderowl.workflows.RenderStatus;
import io.renderowl.workflows.RenderWorkflow;
import io.renderowl.workflows.RunLabels;
import io.renderowl.workflows.RunState;
import io.renderowl.workflows.Stage;
import io.renderowl.workflows.TaskQueues;
import io.renderowl.workflows.timeline.TimelineDocument;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Renders started on their own ({@code owl render}): a {@link RenderWorkflow} whose workflow id is
 * the request's run id, followed through its status query and the live chunk progress in Redis.
 */
public final class RenderRuns {
  private static final Duration QUERY_BOUND = Duration.ofSeconds(3);
  private final WorkflowQueries<RenderStatus> queries = new WorkflowQueries<>();
  private final TemporalConnection temporal;
  private final LiveProgress live;
  private final TimelineRepository timelines;
  private final RenderCharges charges;

  /** Renders that cost nothing. */
  public RenderRuns(TemporalConnection temporal, LiveProgress live, TimelineRepository timelines) {
    this(temporal, live, timelines, RenderCharges.free());
  }

  /**
   * @param charges where a render's estimated cost is reserved before it starts
   */
  public RenderRuns(
      TemporalConnection temporal,
      LiveProgress live,
      TimelineRepository timelines,
      RenderCharges charges) {
    this.temporal = temporal;
    this.live = live;
    this.timelines = timelines;
    this.charges = charges;
  }

  /** What renders cost: the entry points reserve a render's estimate through it. */
  public RenderCharges charges() {
    return charges;
  }

  /**
   * Reserves the render's estimated cost, stores the timeline for the user (one transaction) and
   * starts its render under a new run id.
   *
   * @param chunkFrames frames per chunk, 0 for the workers' setting
   * @param chunks number of chunks, 0 to plan by {@code chunkFrames}
   * @return the render's run id
   * @throws InsufficientCreditsException when the user's credits do not cover the estimate (nothing
   *     is stored or started)
   */
  public String start(
      String userId, TimelineDocument timeline, int chunkFrames, int chunks, boolean preview) {
    String runId = "render-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    UUID timelineId =
        charges.reserveWhile(
            userId,
            runId,
            timeline.durationSeconds(),
            preview,
            () -> timelines.save(UUID.fromString(userId), timeline));
    try {
      start(
          new RenderRequest(
              runId, userId, timelineId.toString(), chunkFrames, chunks, false, preview));
    } catch (RuntimeException e) {
      charges.release(runId, "render " + runId + " could not start");
      throw e;
    }
    return runId;
  }

  /** Starts the render; false when a render with this run id already runs or ran. */
  public boolean start(RenderRequest request) {
    RenderWorkflow workflow =
        temporal
            .client()
            .newWorkflowStub(
                RenderWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(request.runId())
                    .setTaskQueue(TaskQueues.PIPELINE)
                    .setStaticSummary(
                        RunLabels.renderSummary(request.runId(), request.timelineId()))
                    .build());
    try {
      WorkflowClient.start(workflow::render, request);
      return true;
    } catch (WorkflowExecutionAlreadyStarted e) {
      return false;
    }
  }

  /**
   * Waits for the render to end, reporting its progress (stage {@link Stage#RENDER}) about every
   * {@code pollEvery}. The final status is {@link RunState#COMPLETED} with the MP4's key, or {@link
   * RunState#FAILED} with why.
   */
  public RunStatus await(
      String runId, String userId, Duration pollEvery, Consumer<RunStatus> onProgress)
      throws InterruptedException {
    WorkflowStub stub = temporal.client().newUntypedWorkflowStub(runId);
    CompletableFuture<RenderResult> result = stub.getResultAsync(RenderResult.class);
    while (!result.isDone()) {
      onProgress.accept(progress(runId, userId, result));
      try {
        result.get(pollEvery.toMillis(), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException | ExecutionException e) {
        // still running, or ended: the loop condition and the code below tell which
      }
    }
    RunStatus end;
    try {
      RenderResult r = result.get();
      end =
          status(
              runId,
              userId,
              RunState.COMPLETED,
              100,
              String.format("rendered %d frames, %.1f s", r.frames(), r.durationSeconds()),
              r.storageKey());
    } catch (ExecutionException e) {
      end = status(runId, userId, RunState.FAILED, 100, reason(e.getCause()), null);
    }
    onProgress.accept(end);
    return end;
  }

  private RunStatus progress(String runId, String userId, CompletableFuture<?> ended) {
    int percent = 0;
    String message = "waiting for a render worker";
    // when no worker answers the query in time, the live progress (or the default) stands
    Optional<RenderStatus> asked =
        queries.ask(
            runId,
            () -> temporal.client().newWorkflowStub(RenderWorkflow.class, runId).status(),
            QUERY_BOUND,
            ended);
    if (asked.isPresent()) {
      percent = (int) Math.floor(asked.get().fraction() * 100);
      message = asked.get().message();
    }
    Optional<LiveProgress.Entry> fine = live.read(runId).filter(e -> e.stage() == Stage.RENDER);
    if (fine.isPresent() && fine.get().fraction() * 100 >= percent) {
      percent = (int) Math.floor(fine.get().fraction() * 100);
      message = fine.get().message();
    }
    return status(runId, userId, RunState.RUNNING, Math.min(percent, 99), message, null);
  }

  private static RunStatus status(
      String runId, String userId, RunState state, int percent, String message, String key) {
    return new RunStatus(
        runId, userId, "", state, Stage.RENDER, percent, message, key, null, null, Instant.now());
  }

  private static String reason(Throwable failure) {
    Throwable t =
        failure instanceof WorkflowException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (t instanceof ApplicationFailure af) {
      return af.getOriginalMessage();
    }
    if (t instanceof CanceledFailure) {
      return Failures.CANCELLED;
    }
    return String.valueOf(t.getMessage());
  }
}
