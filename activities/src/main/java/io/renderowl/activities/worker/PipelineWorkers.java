package io.renderowl.activities.worker;

import io.renderowl.activities.render.EncoderCheck;
import io.renderowl.activities.render.VideoEncoding;
import io.renderowl.infra.metrics.RenderowlMeters;
import io.renderowl.infra.progress.RenderWorkerRegistry;
import io.renderowl.infra.temporal.TemporalStartup;
import io.renderowl.infra.temporal.WorkflowTasks;
import io.renderowl.infra.tracing.Tracing;
import io.renderowl.workflows.CallbackActivities;
import io.renderowl.workflows.RunPermitsWorkflow;
import io.renderowl.workflows.TaskQueues;
import io.renderowl.workflows.WorkflowImplementations;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.bytedeco.ffmpeg.global.avutil;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The Temporal workers of this process. The pipeline queue (pipeline and render workflows, light
 * activities) unless the process is render-only; the render queues: a worker that can open
 * h264_nvenc (probed at start-up by opening the encoder) polls the GPU render queue and announces
 * itself; the CPU render queue (libx264 chunks, prepare and join) is polled by every worker that is
 * not a render-only GPU worker. Each render worker renders at most {@code renderSlots} chunks at
 * once. Started with the application context, stopped (draining) with it.
 */
public final class PipelineWorkers implements SmartLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineWorkers.class);

  /** The encoders a render worker can have, by what it can open. */
  record RenderAbilities(boolean gpu, String gpuReason) {
    private static final AtomicReference<Ahead> AHEAD = new AtomicReference<>();

    private record Ahead(boolean gpuAllowed, CompletableFuture<RenderAbilities> abilities) {}

    /**
     * Starts {@link #probe} on a thread of its own, then loads the rest of FFmpeg's libraries (what
     * the first narration's check and the first chunk load otherwise): the context asks for the
     * answer through {@link #probedAhead} a second or so later. On the main thread the probe and
     * the libraries' loading took 60-80 ms of every start of a process with workers, and the
     * libraries another 48 ms of the first narration (2026-12-06).
     */
    static void probeAhead(boolean gpuAllowed) {
      CompletableFuture<RenderAbilities> abilities = new CompletableFuture<>();
      if (!AHEAD.compareAndSet(null, new Ahead(gpuAllowed, abilities))) {
        return;
      }
      Thread.ofPlatform()
          .daemon()
          .name("renderowl-encoder-probe")
          .start(() -> {
            try {
              abilities.complete(probe(gpuAllowed));
            } catch (Throwable t) {
              abilities.completeExceptionally(t);
            }
            try {
              org.bytedeco.javacv.FFmpegFrameGrabber.tryLoad();
              org.bytedeco.javacv.FFmpegFrameRecorder.tryLoad();
            } catch (Exception | LinkageError e) {
              // the first grabber or recorder reports it where it is used
            }
          });
    }

    /** The probe started ahead for the same setting, else one now (on the caller's thread). */
    static RenderAbilities probedAhead(boolean gpuAllowed) {
      Ahead ahead = AHEAD.getAndSet(null);
      if (ahead != null && ahead.gpuAllowed() == gpuAllowed) {
        try {
          return ahead.abilities().join();
        } catch (java.util.concurrent.CompletionException e) {
          // probed again below, where a failure reaches the context
        }
      }
      return probe(gpuAllowed);
    }

    static RenderAbilities probe(boolean gpuAllowed) {
      if (!gpuAllowed) {
        return new RenderAbilities(false, "RENDEROWL_RENDER_GPU=off");
      }
      EncoderCheck x264 = EncoderCheck.probe(VideoEncoding.LIBX264);
      if (!x264.available()) {
        LOG.error("libx264 cannot be opened: {}; CPU chunks will fail", x264.reason());
      }
      // FFmpeg prints nvenc's "Cannot load libcuda.so.1" as an error; the reason is logged below.
      int level = avutil.av_log_get_level();
      avutil.av_log_set_level(avutil.AV_LOG_QUIET);
      try {
        EncoderCheck nvenc = EncoderCheck.probe(VideoEncoding.H264_NVENC);
        return new RenderAbilities(nvenc.available(), nvenc.reason());
      } finally {
        avutil.av_log_set_level(level);
      }
    }
  }

  /**
   * Probes this process's encoders and loads FFmpeg ahead of the context that will ask (see {@link
   * RenderAbilities#probeAhead}); nothing when the settings start no workers.
   */
  public static void probeEncodersAhead(io.renderowl.infra.config.RenderowlSettings settings) {
    if (settings.worker().enabled()) {
      RenderAbilities.probeAhead(settings.render().gpuAllowed());
    }
  }

  private final WorkflowClient client;
  private final boolean enabled;
  private final boolean renderOnly;
  private final RenderAbilities abilities;
  private final int renderSlots;
  private final StageActivities stages;
  private final RenderWorkerRegistry registry;
  private WorkerFactory pipelineFactory;
  private WorkerFactory renderFactory;
  private ScheduledExecutorService announcer;
  private final List<String> announced = new ArrayList<>();
  private int generation = 0;
  private boolean renderQueues = true;
  private @Nullable CallbackActivities callbacks;
  private @Nullable TemporalStartup startup;
  private @Nullable String gpuIdentity;
  private String renderQueueNames = "";
  private boolean started;

  PipelineWorkers(
      WorkflowClient client,
      boolean enabled,
      boolean renderOnly,
      RenderAbilities abilities,
      int renderSlots,
      StageActivities stages,
      RenderWorkerRegistry registry) {
    this.client = client;
    this.enabled = enabled;
    this.renderOnly = renderOnly;
    this.abilities = abilities;
    this.renderSlots = renderSlots;
    this.stages = stages;
    this.registry = registry;
  }

  /**
   * This process polls only the pipeline queue (RENDEROWL_WORKER_ROLE=pipeline): chunks, audio and
   * joins go to the render-only workers.
   */
  PipelineWorkers withoutRenderQueues() {
    renderQueues = false;
    return this;
  }

  /** This process's pipeline workers also deliver completion callbacks through {@code c}. */
  PipelineWorkers withCallbacks(CallbackActivities c) {
    callbacks = c;
    return this;
  }

  /**
   * Starts the workers through {@code startup}: when Temporal does not answer the workers' first
   * call (the namespace check), the process keeps running, unready, and tries again with backoff.
   */
  PipelineWorkers startingThrough(TemporalStartup startup) {
    this.startup = startup;
    return this;
  }

  @Override
  public synchronized void start() {
    started = true;
    if (startup == null) {
      startPipelineWorkers();
      if (renderQueues) {
        startRenderWorkers();
      }
      return;
    }
    if (!renderOnly) {
      startup.run("the pipeline workers (DescribeNamespace)", this::startPipelineWorkers);
    }
    if (renderQueues) {
      startup.run("the render workers (DescribeNamespace)", this::startPendingRenderWorkers);
    }
  }

  /**
   * Builds the pipeline queue's workers once and starts them; a start that failed on Temporal
   * leaves the factory unstarted, so the next try starts the same one.
   */
  private synchronized void startPipelineWorkers() {
    if (renderOnly || !started) {
      return;
    }
    if (pipelineFactory != null && pipelineFactory.isStarted()) {
      return;
    }
    if (pipelineFactory == null) {
      pipelineFactory = WorkerFactory.newInstance(client, observed());
      Worker pipeline = pipelineFactory.newWorker(TaskQueues.PIPELINE);
      pipeline.registerWorkflowImplementationTypes(
          WorkflowImplementations.all().toArray(Class<?>[]::new));
      // distinct(): one object may implement several interfaces (the test-only instant stages).
      pipeline.registerActivitiesImplementations(
          distinct(
              stages.scripts(),
              stages.visuals(),
              stages.voices(),
              stages.timelines(),
              stages.publish(),
              stages.ledger(),
              stages.routing()));
      if (callbacks != null) {
        pipeline.registerActivitiesImplementations(callbacks);
      }
      StageActivities.SocialPublishing social = stages.social();
      if (social != null) {
        pipeline.registerActivitiesImplementations(social.activities());
        for (String platform : social.platforms()) {
          Worker queue =
              pipelineFactory.newWorker(
                  TaskQueues.publish(platform),
                  WorkerOptions.newBuilder()
                      .setMaxConcurrentActivityExecutionSize(social.concurrency())
                      .build());
          queue.registerActivitiesImplementations(social.activities());
        }
      }
    }
    pipelineFactory.start();
    StageActivities.SocialPublishing social = stages.social();
    LOG.info(
        "workers polling {}{}",
        TaskQueues.PIPELINE,
        social == null || social.platforms().isEmpty()
            ? ""
            : " and the publishing queues of "
                + String.join(", ", social.platforms())
                + " ("
                + social.concurrency()
                + " upload(s) at once each)");
  }

  /** The render workers' start as a start-up step: nothing when stopped meanwhile. */
  private synchronized void startPendingRenderWorkers() {
    if (!started) {
      return;
    }
    if (renderFactory != null && !renderFactory.isStarted()) {
      // built by a try that Temporal did not answer: start the same workers again
      renderFactory.start();
      afterRenderStart();
      return;
    }
    if (renderFactory == null) {
      startRenderWorkers();
    }
  }

  /** Starts this process's render workers (again, after {@link #stopRenderWorkers}). */
  public synchronized void startRenderWorkers() {
    generation++;
    renderFactory = WorkerFactory.newInstance(client, observed());
    // Chunk heartbeats name the segments already stored; the SDK would otherwise send them only
    // every 0.8 x the heartbeat timeout, so a killed worker's successor would redo more frames.
    WorkerOptions.Builder options =
        WorkerOptions.newBuilder()
            .setMaxConcurrentActivityExecutionSize(renderSlots)
            .setMaxHeartbeatThrottleInterval(Duration.ofSeconds(2))
            .setDefaultHeartbeatThrottleInterval(Duration.ofSeconds(2));
    String base = client.getOptions().getIdentity();
    List<String> queues = new ArrayList<>();
    if (!renderOnly || !abilities.gpu()) {
      String identity = base + " cpu#" + generation;
      Worker cpu =
          renderFactory.newWorker(TaskQueues.RENDER_CPU, options.setIdentity(identity).build());
      cpu.registerActivitiesImplementations(
          distinct(
              stages.render(),
              stages.renderJobs(),
              stages.chunkRenderers().apply(VideoEncoding.LIBX264, identity)));
      queues.add(TaskQueues.RENDER_CPU + " (libx264)");
    }
    if (abilities.gpu()) {
      String identity = base + " gpu#" + generation;
      Worker gpu =
          renderFactory.newWorker(TaskQueues.RENDER_GPU, options.setIdentity(identity).build());
      gpu.registerActivitiesImplementations(
          stages.chunkRenderers().apply(VideoEncoding.H264_NVENC, identity));
      queues.add(TaskQueues.RENDER_GPU + " (h264_nvenc)");
      gpuIdentity = identity;
    }
    renderQueueNames = String.join(" and ", queues);
    renderFactory.start();
    afterRenderStart();
  }

  /** Once the render workers poll: the GPU worker announces itself; the log line. */
  private void afterRenderStart() {
    String identity = gpuIdentity;
    if (identity != null && announcer == null) {
      announced.add(identity);
      announcer =
          Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "renderowl-gpu-announcer"));
      announcer.scheduleAtFixedRate(
          () -> announce(identity), 0, RenderWorkerRegistry.TTL_SECONDS / 3, TimeUnit.SECONDS);
    }
    LOG.info(
        "render workers polling {} ({} chunk(s) at once){}",
        renderQueueNames,
        renderSlots,
        abilities.gpu() ? "" : "; no GPU queue: " + abilities.gpuReason());
  }

  /**
   * Every worker of this process logs and times its activities ({@link ObservedActivities}). The
   * factory checks whether its executors have stopped every 5 ms rather than the SDK's 250 ms,
   * which made stopping take 0.5 s after the last task had finished: a worker's stop waits for
   * three such checks one after the other (its pollers, its task slots, its task executor), 48-57
   * ms of a demo's exit with 20 ms. A check is one look at an executor's state.
   */
  private static WorkerFactoryOptions observed() {
    return WorkerFactoryOptions.newBuilder()
        .setShutdownCheckInterval(java.time.Duration.ofMillis(5))
        .setWorkerInterceptors(
            Tracing.global()
                .workerInterceptors(
                    new ObservedActivities(RenderowlMeters.global()), new HeartbeatingActivities()))
        .build();
  }

  private void announce(String identity) {
    try {
      registry.announce(TaskQueues.RENDER_GPU, identity, VideoEncoding.H264_NVENC, renderSlots);
    } catch (RuntimeException e) {
      LOG.warn("could not announce GPU worker {}: {}", identity, e.getMessage());
    }
  }

  /**
   * Stops the render workers: a chunk in progress is cut at its next heartbeat and Temporal gives
   * it to another worker after the heartbeat timeout.
   */
  public synchronized void stopRenderWorkers() {
    stop(withdrawRenderWorkers());
  }

  /** Stops announcing the GPU worker and hands back the render workers' factory to stop. */
  private WorkerFactory withdrawRenderWorkers() {
    if (announcer != null) {
      announcer.shutdownNow();
      announcer = null;
    }
    for (String identity : announced) {
      try {
        registry.withdraw(TaskQueues.RENDER_GPU, identity);
      } catch (RuntimeException e) {
        LOG.debug("could not withdraw {}: {}", identity, e.getMessage());
      }
    }
    announced.clear();
    gpuIdentity = null;
    WorkerFactory factory = renderFactory;
    renderFactory = null;
    return factory;
  }

  private static Object[] distinct(Object... implementations) {
    return java.util.Arrays.stream(implementations).distinct().toArray();
  }

  /** False when RENDEROWL_WORKER=false: this process only starts and watches runs. */
  @Override
  public boolean isAutoStartup() {
    return enabled;
  }

  @Override
  public synchronized void stop() {
    started = false;
    if (pipelineFactory != null) {
      // The run-permit gate runs on these workers, and a run's end signals it (its release): a
      // task they were handed and had not completed when they stopped waited out its 10 s timeout
      // on the server, and the next command's run sat "queued" for 5 s behind it (measured).
      long start = System.nanoTime();
      boolean settled =
          WorkflowTasks.awaitSettled(client, RunPermitsWorkflow.ID, Duration.ofSeconds(2));
      org.slf4j.LoggerFactory.getLogger("io.renderowl.timings")
          .info(
              "stop: run-permit gate {} in {} ms",
              settled ? "settled" : "still busy",
              (System.nanoTime() - start) / 1_000_000);
    }
    WorkerFactory render = withdrawRenderWorkers();
    stop(render, pipelineFactory);
    pipelineFactory = null;
  }

  /**
   * Stops the factories together: each waits for its pollers' last long polls to return, so one
   * after the other a one-shot command spent that wait twice before it could exit.
   */
  private static void stop(WorkerFactory... factories) {
    List<WorkerFactory> stopping =
        java.util.Arrays.stream(factories).filter(java.util.Objects::nonNull).toList();
    // Short activities finish; a render in progress is cut at its next heartbeat (Temporal
    // retries it on the next worker), so stopping takes seconds, not a render's length.
    long start = System.nanoTime();
    stopping.forEach(WorkerFactory::shutdown);
    awaitTermination(stopping, 3);
    org.slf4j.LoggerFactory.getLogger("io.renderowl.timings")
        .info("stop: workers in {} ms", (System.nanoTime() - start) / 1_000_000);
    List<WorkerFactory> left = stopping.stream().filter(f -> !f.isTerminated()).toList();
    left.forEach(WorkerFactory::shutdownNow);
    awaitTermination(left, 10);
  }

  private static void awaitTermination(List<WorkerFactory> factories, long seconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    for (WorkerFactory factory : factories) {
      factory.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public synchronized boolean isRunning() {
    // started but still waiting for Temporal counts as running, so that stop() is called
    return (started && startup != null)
        || running(renderFactory)
        || (!renderQueues && running(pipelineFactory));
  }

  private static boolean running(WorkerFactory factory) {
    return factory != null && factory.isStarted() && !factory.isShutdown();
  }
}
