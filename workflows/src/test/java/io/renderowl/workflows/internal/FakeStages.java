package io.renderowl.workflows.internal;

import io.renderowl.workflows.Aspect;
import io.renderowl.workflows.ChunkActivities;
import io.renderowl.workflows.ChunkPlanner;
import io.renderowl.workflows.ChunkRequest;
import io.renderowl.workflows.ChunkResult;
import io.renderowl.workflows.JoinRequest;
import io.renderowl.workflows.Narration;
import io.renderowl.workflows.PipelineRequest;
import io.renderowl.workflows.PipelineResult;
import io.renderowl.workflows.PreparedRender;
import io.renderowl.workflows.Publication;
import io.renderowl.workflows.PublishActivities;
import io.renderowl.workflows.RenderActivities;
import io.renderowl.workflows.RenderJobActivities;
import io.renderowl.workflows.RenderProgress;
import io.renderowl.workflows.RenderRequest;
import io.renderowl.workflows.RenderResult;
import io.renderowl.workflows.RenderRoutingActivities;
import io.renderowl.workflows.RenderTuning;
import io.renderowl.workflows.RunLedgerActivities;
import io.renderowl.workflows.Scene;
import io.renderowl.workflows.Script;
import io.renderowl.workflows.ScriptActivities;
import io.renderowl.workflows.Stage;
import io.renderowl.workflows.TaskQueues;
import io.renderowl.workflows.TimelineActivities;
import io.renderowl.workflows.TimelineRef;
import io.renderowl.workflows.Visual;
import io.renderowl.workflows.VisualActivities;
import io.renderowl.workflows.VoiceActivities;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Activity implementations for workflow tests: each stage returns small, fixed data and records
 * what it was asked; {@link #renderFailures} makes the first N render attempts throw.
 */
final class FakeStages
    implements ScriptActivities,
        VisualActivities,
        VoiceActivities,
        TimelineActivities,
        RenderActivities,
        PublishActivities,
        RunLedgerActivities,
        RenderJobActivities,
        RenderRoutingActivities {

  final List<String> ledger = Collections.synchronizedList(new ArrayList<>());
  final List<io.renderowl.workflows.StepCost> charges =
      Collections.synchronizedList(new ArrayList<>());
  final AtomicInteger renderAttempts = new AtomicInteger();
  final AtomicInteger scriptAttempts = new AtomicInteger();
  volatile int renderFailures = 0;

  /** When set, render waits for it (lets a test look at a run mid-render). */
  volatile java.util.concurrent.CountDownLatch renderGate;

  final java.util.concurrent.CountDownLatch renderStarted =
      new java.util.concurrent.CountDownLatch(1);
  volatile IntFunction<RuntimeException> scriptFailure = attempt -> null;

  /** Frames of every timeline this fake prepares. */
  volatile long totalFrames = 300;

  /** What the routing activity answers. */
  volatile boolean gpuPresent = false;

  /** Chunk size and queue timeouts the fake prepare hands the workflow. */
  volatile RenderTuning tuning = new RenderTuning(ChunkPlanner.DEFAULT_CHUNK_FRAMES, 60, 2);

  /** Thrown by prepare when set (e.g. an invalid timeline). */
  volatile RuntimeException prepareFailure;

  /** Chunk attempts, as "queue#index". */
  final List<String> chunkAttempts = Collections.synchronizedList(new ArrayList<>());

  /** Chunks that stopped because their render was cancelled. */
  final List<Integer> chunksCancelled = Collections.synchronizedList(new ArrayList<>());

  /** Chunks each join got, in order. */
  final List<List<ChunkResult>> joins = Collections.synchronizedList(new ArrayList<>());

  final List<String> failedRenders = Collections.synchronizedList(new ArrayList<>());

  /** A chunk index that waits for {@link #chunkGate} (other chunks finish meanwhile). */
  volatile int gatedChunk = -1;

  final java.util.concurrent.CountDownLatch chunkGate = new java.util.concurrent.CountDownLatch(1);
  final java.util.concurrent.CountDownLatch gatedChunkStarted =
      new java.util.concurrent.CountDownLatch(1);

  /** A chunk index the GPU queue's fake always fails (an encoder that breaks mid-render). */
  volatile int gpuFailChunk = -1;

  /** When set, a chunk heartbeats until its render is cancelled (counted down once it runs). */
  volatile java.util.concurrent.CountDownLatch chunksRunning;

  final CpuChunks cpu = new CpuChunks(this, TaskQueues.RENDER_CPU);
  final CpuChunks gpu = new CpuChunks(this, TaskQueues.RENDER_GPU);

  @Override
  public Script writeScript(String runId, PipelineRequest request) {
    RuntimeException failure = scriptFailure.apply(scriptAttempts.incrementAndGet());
    if (failure != null) {
      throw failure;
    }
    return new Script(
        "About " + request.topic(), List.of("One.", "Two.", "Three.", "Four.", "Five."), "test");
  }

  @Override
  public List<Scene> planScenes(String runId, Script script, PipelineRequest request) {
    List<Scene> scenes = new ArrayList<>();
    for (int i = 0; i < script.sentences().size(); i++) {
      scenes.add(new Scene(i, script.sentences().get(i), "picture " + i, 2.0));
    }
    return scenes;
  }

  /**
   * When set, each visual waits (at most 5 s) for a narration to start, and records in {@link
   * #visualsThatSawANarration} whether one did before it returned.
   */
  volatile java.util.concurrent.CountDownLatch narrationStarted;

  final AtomicInteger visualsThatSawANarration = new AtomicInteger();

  @Override
  public Visual sourceVisual(String runId, Scene scene, Aspect aspect) {
    java.util.concurrent.CountDownLatch narrating = narrationStarted;
    if (narrating != null) {
      try {
        if (narrating.await(5, java.util.concurrent.TimeUnit.SECONDS)) {
          visualsThatSawANarration.incrementAndGet();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return new Visual(scene.index(), "v" + scene.index(), aspect.width(), aspect.height(), "test");
  }

  @Override
  public Narration narrate(String runId, Scene scene, String voice) {
    java.util.concurrent.CountDownLatch narrating = narrationStarted;
    if (narrating != null) {
      narrating.countDown();
    }
    return new Narration(scene.index(), "n" + scene.index(), 1.5, "test");
  }

  @Override
  public TimelineRef assembleTimeline(
      String runId,
      PipelineRequest request,
      String title,
      List<Scene> scenes,
      List<Visual> visuals,
      List<Narration> narrations) {
    return new TimelineRef(
        "t-" + runId,
        scenes.size() * 2.0,
        request.aspect().width(),
        request.aspect().height(),
        30,
        scenes.size() * 3);
  }

  @Override
  public PreparedRender prepareRender(RenderRequest request) {
    if (prepareFailure != null) {
      throw prepareFailure;
    }
    return new PreparedRender(
        "r-" + request.runId(),
        totalFrames,
        30,
        1920,
        1080,
        totalFrames / 30.0,
        "audio/" + request.runId(),
        tuning);
  }

  @Override
  public RenderResult joinRender(JoinRequest join) {
    joins.add(join.chunks());
    long frames = join.chunks().stream().mapToLong(c -> c.chunk().frameCount()).sum();
    return new RenderResult(
        join.prepared().renderId(),
        "renders/" + join.request().runId() + ".mp4",
        1234,
        frames,
        frames / 30.0);
  }

  @Override
  public void renderFailed(String runId, String reason) {
    failedRenders.add(reason);
  }

  /** Runs whose intermediates were deleted, once per successful attempt. */
  final List<String> cleanedRuns = Collections.synchronizedList(new ArrayList<>());

  /** Attempts of {@link #deleteIntermediates}, successful or not. */
  final AtomicInteger cleanupAttempts = new AtomicInteger();

  /** The first N cleanup attempts fail (object storage that does not answer). */
  volatile int cleanupFailures = 0;

  /** When set, a cleanup attempt waits for it (at most 30 s) before it deletes anything. */
  volatile java.util.concurrent.CountDownLatch cleanupGate;

  @Override
  public int deleteIntermediates(String runId) {
    if (cleanupAttempts.incrementAndGet() <= cleanupFailures) {
      throw new IllegalStateException("object storage did not answer");
    }
    java.util.concurrent.CountDownLatch gate = cleanupGate;
    if (gate != null) {
      try {
        if (!gate.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
          throw new IllegalStateException("cleanup gate not opened");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    cleanedRuns.add(runId);
    return 3;
  }

  @Override
  public boolean gpuWorkersPresent() {
    return gpuPresent;
  }

  /** Chunk renders on one queue; failures, gates and cancellation shared through the stages. */
  static final class CpuChunks implements ChunkActivities {
    private final FakeStages stages;
    private final String queue;

    CpuChunks(FakeStages stages, String queue) {
      this.stages = stages;
      this.queue = queue;
    }

    @Override
    public ChunkResult renderChunk(ChunkRequest request) {
      stages.chunkAttempts.add(queue + "#" + request.chunk().index());
      stages.renderStarted.countDown();
      if (request.chunk().index() == stages.gatedChunk) {
        stages.gatedChunkStarted.countDown();
        try {
          stages.chunkGate.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      if (TaskQueues.RENDER_GPU.equals(queue) && request.chunk().index() == stages.gpuFailChunk) {
        throw new IllegalStateException("nvenc: out of encoder sessions");
      }
      if (stages.chunksRunning != null) {
        stages.chunksRunning.countDown();
        io.temporal.activity.ActivityExecutionContext context =
            io.temporal.activity.Activity.getExecutionContext();
        // Heartbeats until the test cancels the render; gives up after a minute so that a test
        // whose cancellation never arrives fails instead of keeping this worker thread forever.
        long giveUpAt = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(1);
        try {
          while (System.nanoTime() < giveUpAt) {
            context.heartbeat(new RenderProgress(1, request.chunk().frameCount()));
            Thread.sleep(50);
          }
          throw new IllegalStateException(
              "chunk " + request.chunk().index() + " was never cancelled");
        } catch (io.temporal.client.ActivityCanceledException e) {
          stages.chunksCancelled.add(request.chunk().index());
          throw e;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      stages.render("", "", "");
      return new ChunkResult(
          request.chunk(),
          "chunks/" + request.runId() + "/" + request.chunk().index() + ".mp4",
          TaskQueues.RENDER_GPU.equals(queue) ? "h264_nvenc" : "libx264",
          queue,
          false);
    }
  }

  @Override
  public RenderResult render(String runId, String userId, String timelineId) {
    renderStarted.countDown();
    if (renderGate != null) {
      try {
        renderGate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    if (renderAttempts.incrementAndGet() <= renderFailures) {
      throw new IllegalStateException("encoder crashed (attempt " + renderAttempts.get() + ")");
    }
    return new RenderResult("r-" + runId, "renders/" + runId + ".mp4", 1234, 300, 10.0);
  }

  @Override
  public List<Publication> publish(
      String runId, PipelineRequest request, String title, RenderResult render) {
    return request.platforms().stream()
        .map(p -> new Publication(p, "/published/" + runId, "p-" + p))
        .toList();
  }

  @Override
  public void stageStarted(String runId, Stage stage, String message) {
    ledger.add(stage.name());
  }

  @Override
  public void runFailed(String runId, Stage stage, String reason) {
    ledger.add("FAILED at " + stage.name() + ": " + reason);
  }

  @Override
  public void chargeStep(String runId, io.renderowl.workflows.StepCost cost) {
    charges.add(cost);
  }

  @Override
  public void runCompleted(String runId, PipelineResult result) {
    ledger.add("COMPLETED");
  }

  @Override
  public void renderDelivered(String runId, io.renderowl.workflows.StepCost cost) {
    charges.add(cost);
    ledger.add("RENDER DELIVERED");
  }

  @Override
  public void renderUndelivered(String runId, String reason) {
    ledger.add("RENDER UNDELIVERED: " + reason);
  }
}
