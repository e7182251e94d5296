package io.renderowl.activities.worker;

import io.renderowl.activities.render.ChunkActivitiesImpl;
import io.renderowl.activities.render.LoudnessTarget;
import io.renderowl.activities.render.RenderActivitiesImpl;
import io.renderowl.activities.render.RenderFiles;
import io.renderowl.activities.render.RenderJobActivitiesImpl;
import io.renderowl.infra.config.RenderowlSettings;
import io.renderowl.infra.persistence.PipelineRunRepository;
import io.renderowl.infra.persistence.RenderChunkRepository;
import io.renderowl.infra.persistence.RenderRepository;
import io.renderowl.infra.persistence.TimelineRepository;
import io.renderowl.infra.progress.LiveProgress;
import io.renderowl.infra.progress.RenderWorkerRegistry;
import io.renderowl.infra.storage.ObjectStore;
import io.renderowl.infra.temporal.TemporalConnection;
import io.renderowl.infra.temporal.TemporalStartup;
import io.renderowl.workflows.ChunkActivities;
import io.renderowl.workflows.RenderActivities;
import io.renderowl.workflows.RenderJobActivities;
import io.renderowl.workflows.RenderTuning;
import java.util.function.BiFunction;

/**
 * The render queues' activities (prepare, chunks, join) and their workers, wired the same way for
 * the pipeline workers ({@link WorkerConfiguration}) and for a render-only worker ({@link
 * RenderWorkerProcess}, {@code RENDEROWL_WORKER_ROLE=render}), which loads nothing of the
 * pipeline's: no script, visual or voice providers, no publishers, callbacks or credits.
 */
final class RenderWiring {
  private RenderWiring() {}

  /** The render queues' workers of a render-only process (started by the caller). */
  static PipelineWorkers renderOnlyWorkers(
      RenderowlSettings settings,
      TemporalConnection temporal,
      ObjectStore store,
      LiveProgress live,
      PipelineRunRepository runs,
      TimelineRepository timelines,
      RenderRepository renders,
      RenderChunkRepository chunks,
      RenderWorkerRegistry registry,
      TemporalStartup startup) {
    if (!settings.render().renderOnly()) {
      throw new IllegalStateException(
          "the render-only worker's configuration needs RENDEROWL_WORKER_ROLE="
              + RenderowlSettings.ROLE_RENDER);
    }
    RenderStages rendering = renderStages(settings, timelines, renders, chunks, runs, store, live);
    return new PipelineWorkers(
            temporal.client(),
            settings.worker().enabled(),
            true,
            renderAbilities(settings),
            settings.worker().renderSlots(),
            StageActivities.renderOnly(
                rendering.render(),
                rendering.jobs(),
                (codec, identity) ->
                    CollectingChunkActivities.always(rendering.chunks().apply(codec, identity))),
            registry)
        .startingThrough(startup);
  }

  /** The render queues' activities of this process: the render, its prepare and join, chunks. */
  record RenderStages(
      RenderActivities render,
      RenderJobActivities jobs,
      BiFunction<String, String, ChunkActivities> chunks) {}

  static RenderStages renderStages(
      RenderowlSettings settings,
      TimelineRepository timelines,
      RenderRepository renders,
      RenderChunkRepository chunks,
      PipelineRunRepository runs,
      ObjectStore store,
      LiveProgress live) {
    RenderowlSettings.Render render = settings.render();
    RenderTuning tuning =
        new RenderTuning(
            render.chunkFrames(), render.gpuQueueWaitSeconds(), render.heartbeatSeconds());
    // chunks, audio and join of a render in this process hand their files over on disk
    RenderFiles files = new RenderFiles();
    return new RenderStages(
        new RenderActivitiesImpl(timelines, renders, runs, store, live),
        new RenderJobActivitiesImpl(
            timelines, renders, runs, store, live, tuning, loudnessTarget(render), files),
        (codec, identity) ->
            new ChunkActivitiesImpl(
                timelines,
                chunks,
                renders,
                store,
                live,
                codec,
                identity,
                files,
                settings.worker().renderSlots(),
                render.slicedX264Threads()));
  }

  /** Which render queues this process can serve (the GPU one when h264_nvenc opens here). */
  static PipelineWorkers.RenderAbilities renderAbilities(RenderowlSettings settings) {
    return settings.worker().enabled()
        ? PipelineWorkers.RenderAbilities.probedAhead(settings.render().gpuAllowed())
        : new PipelineWorkers.RenderAbilities(false, "no workers in this process");
  }

  private static LoudnessTarget loudnessTarget(RenderowlSettings.Render render) {
    return render.loudnessTargetLufs().isPresent()
        ? new LoudnessTarget(true, render.loudnessTargetLufs().getAsDouble(), render.truePeakMax())
        : LoudnessTarget.OFF;
  }
}
