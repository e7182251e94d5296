package io.renderowl.workflows.internal;

import io.renderowl.workflows.CallbackActivities;
import io.renderowl.workflows.ChunkActivities;
import io.renderowl.workflows.ChunkPlanner;
import io.renderowl.workflows.ChunkRequest;
import io.renderowl.workflows.ChunkResult;
import io.renderowl.workflows.ChunkSpec;
import io.renderowl.workflows.CompletionCallback;
import io.renderowl.workflows.CostItem;
import io.renderowl.workflows.Failures;
import io.renderowl.workflows.JoinRequest;
import io.renderowl.workflows.PreparedRender;
import io.renderowl.workflows.RenderCleanupWorkflow;
import io.renderowl.workflows.RenderJobActivities;
import io.renderowl.workflows.RenderPhase;
import io.renderowl.workflows.RenderProgress;
import io.renderowl.workflows.RenderRequest;
import io.renderowl.workflows.RenderResult;
import io.renderowl.workflows.RenderRoutingActivities;
import io.renderowl.workflows.RenderStatus;
import io.renderowl.workflows.RenderTuning;
import io.renderowl.workflows.RenderWorkflow;
import io.renderowl.workflows.RunLedgerActivities;
import io.renderowl.workflows.StepCost;
import io.renderowl.workflows.TaskQueues;
import io.renderowl.workflows.VideoPipelineWorkflow;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * The chunked render: prepare -&gt; plan -&gt; chunks (at once, GPU queue when GPU workers poll it,
 * else CPU) -&gt; join. A chunk that waits on the GPU queue longer than the configured time (no GPU
 * worker after all) or fails there is rendered on the CPU queue instead, and later chunks skip the
 * GPU queue. Cancelling the workflow cancels the chunks; they stop at their next heartbeat.
 */
public class RenderWorkflowImpl implements RenderWorkflow {

  /** Failure type of a render that failed (the cause chain says where and why). */
  public static final String RENDER_FAILED = Failures.RENDER_FAILED;

  private static final Logger LOG = Workflow.getLogger(RenderWorkflowImpl.class);

  private static ActivityOptions jobOptions(Duration startToClose) {
    return ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.RENDER_CPU)
        .setStartToCloseTimeout(startToClose)
        // prepare and join run for minutes: the worker heartbeats for them, so a killed worker is
        // noticed after the heartbeat timeout, not after 30 min
        .setHeartbeatTimeout(VideoPipelineWorkflowImpl.STAGE_HEARTBEAT)
        .setRetryOptions(VideoPipelineWorkflowImpl.retry(3, Duration.ofSeconds(30)))
        .build();
  }

  private final RenderJobActivities jobs =
      Workflow.newActivityStub(RenderJobActivities.class, jobOptions(Duration.ofMinutes(30)));

  private final RenderRoutingActivities routing =
      Workflow.newLocalActivityStub(
          RenderRoutingActivities.class,
          LocalActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(15))
              .setRetryOptions(VideoPipelineWorkflowImpl.retry(3, Duration.ofSeconds(5)))
              .build());

  private final CallbackActivities callbacks =
      Workflow.newActivityStub(CallbackActivities.class, CallbackActivities.OPTIONS);

  /** The change that reports a render's end to its callback URL (histories before it do not). */
  static final String COMPLETION_CALLBACK = "render-completion-callback";

  /**
   * The change that deletes a render's intermediates in a child workflow once the render has ended
   * (histories before it do not).
   */
  static final String INTERMEDIATES_CLEANUP = "render-intermediates-cleanup";

  /** Charges a render started on its own (local activities, on the workflow's worker). */
  private final RunLedgerActivities ledger =
      Workflow.newLocalActivityStub(
          RunLedgerActivities.class,
          LocalActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(30))
              .setRetryOptions(VideoPipelineWorkflowImpl.retry(10, Duration.ofSeconds(10)))
              .build());

  /**
   * Whether this render settles its own credits: a render started on its own, by a worker that
   * knows the render saga (a pipeline's render is charged as a step of its run).
   */
  private boolean ownCredits = false;

  private RenderPhase phase = RenderPhase.PREPARING;
  private String renderId; // renders.id once prepared: the id the API answers with
  private int chunksDone = 0;
  private int chunkCount = 0;
  private long framesDone = 0;
  private long totalFrames = 0;
  private String message = "validating the timeline and encoding its audio";
  private boolean gpuUnavailable = false;
  private final List<ChunkRequest> chunkRequests = new ArrayList<>();

  /** The encoder CPU workers use; chunks from other encoders are redone with it when mixed. */
  static final String CPU_ENCODER = "libx264";

  @Override
  public RenderResult render(RenderRequest request) {
    ownCredits =
        !request.pipelineRun()
            && Workflow.getVersion("render-credits", Workflow.DEFAULT_VERSION, 1) == 1;
    try {
      PreparedRender prepared = jobs.prepareRender(request);
      renderId = prepared.renderId();
      totalFrames = prepared.totalFrames();
      List<ChunkSpec> plan = plan(request, prepared);
      chunkCount = plan.size();
      boolean gpu = routing.gpuWorkersPresent();
      ChunkActivities gpuChunks = chunkStub(TaskQueues.RENDER_GPU, prepared.tuning());
      ChunkActivities cpuChunks = chunkStub(TaskQueues.RENDER_CPU, prepared.tuning());
      phase = RenderPhase.RENDERING;
      message =
          String.format(
              "rendering %d frames in %d chunk(s) on the %s queue",
              totalFrames, chunkCount, gpu ? "GPU" : "CPU");
      List<Promise<ChunkResult>> pending = new ArrayList<>();
      for (ChunkSpec chunk : plan) {
        ChunkRequest chunkRequest =
            new ChunkRequest(
                request.runId(),
                prepared.renderId(),
                request.timelineId(),
                chunk,
                chunkCount,
                totalFrames,
                request.preview(),
                request.width(),
                request.height());
        chunkRequests.add(chunkRequest);
        pending.add(Async.function(() -> renderChunk(chunkRequest, gpu, gpuChunks, cpuChunks)));
      }
      Promise.allOf(pending).get();
      List<ChunkResult> chunks =
          sameEncoder(pending.stream().map(Promise::get).toList(), cpuChunks);

      phase = RenderPhase.JOINING;
      message = "joining " + chunkCount + " chunk(s) and the audio";
      RenderResult result = jobs.joinRender(new JoinRequest(request, prepared, chunks));
      Optional<Promise<WorkflowExecution>> cleanup = startCleanup(request.runId());
      if (ownCredits) {
        ledger.renderDelivered(
            request.runId(),
            new StepCost("render", CostItem.RENDER, result.durationSeconds(), request.preview()));
      }
      phase = RenderPhase.COMPLETED;
      message = "rendered " + result.frames() + " frames";
      callBack(request, "completed", null);
      cleanup.ifPresent(RenderWorkflowImpl::awaitStart);
      return result;
    } catch (ActivityFailure e) {
      if (e.getCause() instanceof CanceledFailure cancelled) {
        recordFailure(request.runId(), Failures.CANCELLED);
        callBack(request, "cancelled", Failures.CANCELLED);
        throw cancelled;
      }
      String reason = phase.label() + " failed: " + VideoPipelineWorkflowImpl.reasonOf(e);
      recordFailure(request.runId(), reason);
      callBack(request, "failed", reason);
      throw ApplicationFailure.newNonRetryableFailureWithCause(reason, RENDER_FAILED, e);
    } catch (CanceledFailure e) {
      recordFailure(request.runId(), Failures.CANCELLED);
      callBack(request, "cancelled", Failures.CANCELLED);
      throw e;
    }
  }

  /**
   * Reports the render's end to its callback URL (a signed POST, retried with backoff by the
   * delivery activity), in a detached scope so that a cancelled render still reports. A receiver
   * that never takes it is given up on after the activity's attempts; the render's own outcome does
   * not change. The body names the status URL, which answers a fresh presigned output URL (a
   * presigned URL in the body could expire while the delivery is still retried).
   */
  private void callBack(RenderRequest request, String status, String error) {
    if (request.callbackUrl() == null || request.callbackUrl().isBlank()) {
      return;
    }
    if (Workflow.getVersion(COMPLETION_CALLBACK, Workflow.DEFAULT_VERSION, 1)
        == Workflow.DEFAULT_VERSION) {
      return;
    }
    String id = renderId == null ? request.runId() : renderId;
    CompletionCallback callback =
        new CompletionCallback(
            request.runId() + ":" + status,
            request.userId(),
            "render",
            id,
            status,
            "completed".equals(status) ? "/api/v1/render/" + id : null,
            error,
            request.callbackUrl());
    Workflow.newDetachedCancellationScope(
            () -> {
              try {
                callbacks.deliver(callback);
              } catch (ActivityFailure e) {
                LOG.warn(
                    "completion callback of render {} given up: {}",
                    request.runId(),
                    VideoPipelineWorkflowImpl.reasonOf(e));
              }
            })
        .run();
  }

  @Override
  public RenderStatus status() {
    return new RenderStatus(phase, chunksDone, chunkCount, framesDone, totalFrames, message);
  }

  private List<ChunkSpec> plan(RenderRequest request, PreparedRender prepared) {
    int chunkFrames =
        request.chunkFrames() > 0 ? request.chunkFrames() : prepared.tuning().chunkFrames();
    try {
      return ChunkPlanner.plan(prepared.totalFrames(), chunkFrames, request.chunks());
    } catch (IllegalArgumentException e) {
      recordFailure(request.runId(), e.getMessage());
      throw ApplicationFailure.newNonRetryableFailure(
          e.getMessage(), VideoPipelineWorkflowImpl.INVALID_INPUT);
    }
  }

  private ChunkResult renderChunk(
      ChunkRequest request, boolean gpu, ChunkActivities gpuChunks, ChunkActivities cpuChunks) {
    ChunkResult result = null;
    if (gpu && !gpuUnavailable) {
      try {
        result = gpuChunks.renderChunk(request);
      } catch (ActivityFailure e) {
        if (e.getCause() instanceof CanceledFailure || isInvalidInput(e)) {
          throw e;
        }
        if (e.getCause() instanceof TimeoutFailure) {
          // Nobody took it from the GPU queue in time (the GPU workers went away): the rest of
          // this render goes to the CPU queue directly.
          gpuUnavailable = true;
        }
        LOG.warn(
            "chunk {} of {} not rendered on the GPU queue ({}); rendering it on the CPU queue",
            request.chunk().index(),
            request.runId(),
            VideoPipelineWorkflowImpl.reasonOf(e));
      }
    }
    if (result == null) {
      result = cpuChunks.renderChunk(request);
    }
    chunksDone++;
    framesDone += result.chunk().frameCount();
    message =
        String.format(
            "rendered %d of %d chunks (%d of %d frames)",
            chunksDone, chunkCount, framesDone, totalFrames);
    tellParent();
    return result;
  }

  /**
   * Chunks joined by stream copy must come from one encoder. When some chunks fell back to the CPU
   * queue while others were rendered on GPU workers, the GPU chunks are rendered again on the CPU
   * queue (a rare case: the GPU workers went away mid-render).
   */
  private List<ChunkResult> sameEncoder(List<ChunkResult> chunks, ChunkActivities cpuChunks) {
    long encoders = chunks.stream().map(ChunkResult::encoder).distinct().count();
    if (encoders <= 1) {
      return chunks;
    }
    List<ChunkResult> redo = chunks.stream().filter(c -> !CPU_ENCODER.equals(c.encoder())).toList();
    message =
        "rendering "
            + redo.size()
            + " GPU chunk(s) again on the CPU queue so that all chunks match";
    List<Promise<ChunkResult>> again = new ArrayList<>();
    for (ChunkResult chunk : redo) {
      ChunkRequest request = chunkRequests.get(chunk.chunk().index());
      again.add(Async.function(cpuChunks::renderChunk, request));
    }
    Promise.allOf(again).get();
    List<ChunkResult> result = new ArrayList<>(chunks);
    for (Promise<ChunkResult> p : again) {
      result.set(p.get().chunk().index(), p.get());
    }
    return List.copyOf(result);
  }

  /** The pipeline that started this render (if any) shows the chunks done in its progress. */
  private void tellParent() {
    Optional<String> parent = Workflow.getInfo().getParentWorkflowId();
    if (parent.isPresent()) {
      try {
        Workflow.newExternalWorkflowStub(VideoPipelineWorkflow.class, parent.get())
            .renderProgress(new RenderProgress(framesDone, totalFrames));
      } catch (RuntimeException e) {
        LOG.warn("could not report render progress to {}: {}", parent.get(), e.getMessage());
      }
    }
  }

  private void recordFailure(String runId, String reason) {
    phase = RenderPhase.FAILED;
    message = reason;
    Workflow.newDetachedCancellationScope(
            () -> {
              jobs.renderFailed(runId, reason);
              if (ownCredits) {
                ledger.renderUndelivered(runId, reason);
              }
              startCleanup(runId).ifPresent(RenderWorkflowImpl::awaitStart);
            })
        .run();
  }

  /**
   * Starts the deletion of the render's intermediates (chunks, segments, audio track) as a child
   * workflow that outlives this one: the render's result does not wait for the deletions, and they
   * are retried until done however the worker that joined fares. Empty on histories from before the
   * change.
   */
  private Optional<Promise<WorkflowExecution>> startCleanup(String runId) {
    if (Workflow.getVersion(INTERMEDIATES_CLEANUP, Workflow.DEFAULT_VERSION, 1)
        == Workflow.DEFAULT_VERSION) {
      return Optional.empty();
    }
    RenderCleanupWorkflow cleanup =
        Workflow.newChildWorkflowStub(
            RenderCleanupWorkflow.class,
            ChildWorkflowOptions.newBuilder()
                .setWorkflowId(RenderCleanupWorkflow.workflowId(runId))
                .setTaskQueue(TaskQueues.PIPELINE)
                .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
                .build());
    Async.function(cleanup::deleteIntermediates, runId);
    return Optional.of(Workflow.getWorkflowExecution(cleanup));
  }

  /**
   * Waits until the cleanup child has started: a child whose start the server has not recorded when
   * its parent closes is never started.
   */
  private static void awaitStart(Promise<WorkflowExecution> started) {
    try {
      started.get();
    } catch (ChildWorkflowFailure e) {
      // A cleanup of this run is running already (an earlier render of the run, its deletions
      // still retried); it deletes whatever this render left as well.
      LOG.info("cleanup of the render's intermediates not started: {}", e.getMessage());
    }
  }

  private static boolean isInvalidInput(ActivityFailure e) {
    return e.getCause() instanceof ApplicationFailure af
        && (VideoPipelineWorkflowImpl.INVALID_INPUT.equals(af.getType())
            || IllegalArgumentException.class.getName().equals(af.getType()));
  }

  private static ChunkActivities chunkStub(String queue, RenderTuning tuning) {
    boolean gpu = TaskQueues.RENDER_GPU.equals(queue);
    ActivityOptions.Builder options =
        ActivityOptions.newBuilder()
            .setTaskQueue(queue)
            .setStartToCloseTimeout(Duration.ofHours(2))
            .setHeartbeatTimeout(Duration.ofSeconds(tuning.heartbeatSeconds()))
            .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
            // On the GPU queue a chunk gets one retry there; after that it goes to the CPU queue.
            .setRetryOptions(VideoPipelineWorkflowImpl.retry(gpu ? 2 : 3, Duration.ofSeconds(30)));
    if (gpu) {
      options.setScheduleToStartTimeout(Duration.ofSeconds(tuning.gpuQueueWaitSeconds()));
    }
    return Workflow.newActivityStub(ChunkActivities.class, options.build());
  }
}
