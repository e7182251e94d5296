package io.renderowl.activities;

import io.renderowl.workflows.MediaActivities;
import io.renderowl.workflows.PublishActivities;
import io.renderowl.workflows.RenderActivities;
import io.renderowl.workflows.RunLedgerActivities;
import io.renderowl.workflows.RunPermitsWorkflowImpl;
import io.renderowl.workflows.ScriptActivities;
import io.renderowl.workflows.TaskQueues;
import io.renderowl.workflows.TimelineActivities;
import io.renderowl.workflows.VideoPipelineWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The Temporal workers of this process: the pipeline queue (workflows and light activities) and
 * the CPU render queue. Started with the application context, stopped (draining) with it.
 */
public final class PipelineWorkers implements SmartLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineWorkers.class);

  private final WorkflowClient client;
  private final boolean enabled;
  private final int renderConcurrency;
  private final ScriptActivities scripts;
  private final MediaActivities media;
  private final TimelineActivities timelines;
  private final RenderActivities render;
  private final PublishActivities publish;
  private final RunLedgerActivities ledger;
  private WorkerFactory factory;

  PipelineWorkers(
      WorkflowClient client,
      boolean enabled,
      int renderConcurrency,
      ScriptActivities scripts,
      MediaActivities media,
      TimelineActivities timelines,
      RenderActivities render,
      PublishActivities publish,
      RunLedgerActivities ledger) {
    this.client = client;
    this.enabled = enabled;
    this.renderConcurrency = renderConcurrency;
    this.scripts = scripts;
    this.media = media;
    this.timelines = timelines;
    this.render = render;
    this.publish = publish;
    this.ledger = ledger;
  }

  @Override
  public synchronized void start() {
    factory = WorkerFactory.newInstance(client);
    Worker pipeline = factory.newWorker(TaskQueues.PIPELINE);
    pipeline.registerWorkflowImplementationTypes(VideoPipelineWorkflowImpl.class, RunPermitsWorkflowImpl.class);
    // distinct(): one object may implement several interfaces (the TEST-ONLY instant providers).
    pipeline.registerActivitiesImplementations(
        java.util.stream.Stream.of(scripts, media, timelines, publish, ledger).distinct().toArray());
    Worker renderer =
        factory.newWorker(
            TaskQueues.RENDER_CPU,
            WorkerOptions.newBuilder().setMaxConcurrentActivityExecutionSize(renderConcurrency).build());
    renderer.registerActivitiesImplementations(render);
    factory.start();
    LOG.info(
        "workers polling {} and {} (renders at once: {})",
        TaskQueues.PIPELINE,
        TaskQueues.RENDER_CPU,
        renderConcurrency);
  }

  /** False when RENDEROWL_WORKER=false: this process only starts and watches runs. */
  @Override
  public boolean isAutoStartup() {
    return enabled;
  }

  @Override
  public synchronized void stop() {
    if (factory != null) {
      // Short activities finish; a render in progress is cut at its next heartbeat (Temporal
      // retries it on the next worker), so stopping takes seconds, not a render's length.
      factory.shutdown();
      factory.awaitTermination(3, TimeUnit.SECONDS);
      if (!factory.isTerminated()) {
        factory.shutdownNow();
        factory.awaitTermination(10, TimeUnit.SECONDS);
      }
      factory = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return factory != null && factory.isStarted() && !factory.isShutdown();
  }
}
