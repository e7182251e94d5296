package io.renderowl.activities;

import io.renderowl.activities.providers.ProviderAiStudio;
import io.renderowl.activities.providers.Providers;
import io.renderowl.activities.providers.UsageSink;
import io.renderowl.activities.instant.InstantActivities;
import io.renderowl.activities.publish.LocalFolderPublisher;
import io.renderowl.infra.ai.AiStudio;
import io.renderowl.infra.config.RenderowlSettings;
import io.renderowl.infra.persistence.CreditRepository;
import io.renderowl.infra.persistence.PipelineRunRepository;
import io.renderowl.infra.persistence.ProviderUsageRepository;
import io.renderowl.infra.persistence.PublicationRepository;
import io.renderowl.infra.persistence.RenderChunkRepository;
import io.renderowl.infra.persistence.RenderRepository;
import io.renderowl.infra.persistence.TimelineRepository;
import io.renderowl.infra.progress.LiveProgress;
import io.renderowl.infra.progress.RenderWorkerRegistry;
import io.renderowl.infra.storage.ObjectStore;
import io.renderowl.infra.temporal.TemporalConnection;
import io.renderowl.workflows.RenderTuning;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import redis.clients.jedis.RedisClient;

/**
 * Hosts the pipeline and render workers in this process, with the providers chosen by the
 * environment (see {@link io.renderowl.infra.config.ProviderSettings}; offline ones: deterministic
 * script writer, procedural pictures, espeak-ng) and the local-folder publisher. A selected
 * provider without its key stops start-up with the variable's name. The workers do not start when
 * RENDEROWL_WORKER is false (an API-only or client-only process).
 */
@Configuration(proxyBeanMethods = false)
public class WorkerConfiguration {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerConfiguration.class);

  @Bean
  Providers providers(
      RenderowlSettings settings,
      RedisClient redis,
      ProviderUsageRepository usage,
      ObjectStore store,
      PipelineRunRepository runs) {
    Providers providers =
        Providers.create(
            settings.providers(), redis, UsageSink.of(usage), store,
            runId -> runs.find(runId).map(r -> r.userId().toString()));
    LOG.info("providers: {}", providers.describe());
    return providers;
  }

  @Bean
  AiStudio aiStudio(Providers providers) {
    return new ProviderAiStudio(providers);
  }

  @Bean
  PipelineWorkers pipelineWorkers(
      RenderowlSettings settings,
      TemporalConnection temporal,
      ObjectStore store,
      LiveProgress live,
      PipelineRunRepository runs,
      TimelineRepository timelines,
      RenderRepository renders,
      RenderChunkRepository chunks,
      RenderWorkerRegistry registry,
      PublicationRepository publications,
      CreditRepository credits,
      Providers providers) {
    for (String platform : settings.publishers()) {
      if (!LocalFolderPublisher.PLATFORM.equals(platform)) {
        throw new IllegalStateException(
            "RENDEROWL_PUBLISHERS names '" + platform + "', but this build publishes only to "
                + LocalFolderPublisher.PLATFORM);
      }
    }
    RenderowlSettings.Render render = settings.render();
    RenderTuning tuning =
        new RenderTuning(render.chunkFrames(), render.gpuQueueWaitSeconds(), render.heartbeatSeconds());
    if (settings.batch().instantProviders()) {
      // TEST-ONLY (RENDEROWL_PROVIDERS=instant): stages, renders included, return at once and
      // produce nothing; the workflows (pipeline, render child, permits) and the ledger are real.
      InstantActivities instant = new InstantActivities();
      return new PipelineWorkers(
          temporal.client(),
          settings.worker().enabled(),
          false,
          new PipelineWorkers.RenderAbilities(false, "instant providers (test-only) render nothing"),
          settings.worker().renderConcurrency(),
          instant,
          instant,
          instant,
          instant,
          instant,
          instant,
          (codec, identity) -> instant,
          registry,
          instant,
          new RunLedgerActivitiesImpl(runs, credits));
    }
    return new PipelineWorkers(
        temporal.client(),
        settings.worker().enabled(),
        render.renderOnly(),
        settings.worker().enabled()
            ? PipelineWorkers.RenderAbilities.probe(render.gpuAllowed())
            : new PipelineWorkers.RenderAbilities(false, "no workers in this process"),
        settings.worker().renderConcurrency(),
        providers.scriptWriter() == null
            ? new OfflineScriptActivities()
            : new ProviderScriptActivities(providers.scriptWriter(), settings.providers().scriptTone()),
        new ProviderMediaActivities(providers.visuals(), providers.speaker(), store),
        new TimelineActivitiesImpl(timelines, runs, store, new MusicLibrary(settings.providers(), store, providers.http())),
        new RenderActivitiesImpl(timelines, renders, runs, store, live),
        new RenderJobActivitiesImpl(timelines, renders, runs, store, live, tuning),
        new RenderRoutingActivitiesImpl(temporal, registry),
        (codec, identity) -> new ChunkActivitiesImpl(timelines, chunks, renders, store, live, codec, identity),
        registry,
        new PublishActivitiesImpl(new LocalFolderPublisher(settings.publishDir()), publications, store),
        new RunLedgerActivitiesImpl(runs, credits));
  }
}
