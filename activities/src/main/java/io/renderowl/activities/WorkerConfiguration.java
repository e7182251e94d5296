package io.renderowl.activities;

import io.renderowl.activities.instant.InstantActivities;
import io.renderowl.activities.media.EspeakNarrator;
import io.renderowl.activities.publish.LocalFolderPublisher;
import io.renderowl.infra.config.RenderowlSettings;
import io.renderowl.infra.persistence.CreditRepository;
import io.renderowl.infra.persistence.PipelineRunRepository;
import io.renderowl.infra.persistence.PublicationRepository;
import io.renderowl.infra.persistence.RenderRepository;
import io.renderowl.infra.persistence.TimelineRepository;
import io.renderowl.infra.progress.LiveProgress;
import io.renderowl.infra.storage.ObjectStore;
import io.renderowl.infra.temporal.TemporalConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Hosts the pipeline and render workers in this process, with the offline providers (deterministic
 * script writer, procedural pictures, espeak-ng, local-folder publisher). The workers do not start
 * when RENDEROWL_WORKER is false (an API-only or client-only process).
 */
@Configuration(proxyBeanMethods = false)
public class WorkerConfiguration {

  @Bean
  PipelineWorkers pipelineWorkers(
      RenderowlSettings settings,
      TemporalConnection temporal,
      ObjectStore store,
      LiveProgress live,
      PipelineRunRepository runs,
      TimelineRepository timelines,
      RenderRepository renders,
      PublicationRepository publications,
      CreditRepository credits) {
    for (String platform : settings.publishers()) {
      if (!LocalFolderPublisher.PLATFORM.equals(platform)) {
        throw new IllegalStateException(
            "RENDEROWL_PUBLISHERS names '" + platform + "', but this build publishes only to "
                + LocalFolderPublisher.PLATFORM);
      }
    }
    if (settings.batch().instantProviders()) {
      // TEST-ONLY (RENDEROWL_PROVIDERS=instant): stages return at once and produce nothing.
      InstantActivities instant = new InstantActivities();
      return new PipelineWorkers(
          temporal.client(),
          settings.worker().enabled(),
          settings.worker().renderConcurrency(),
          instant,
          instant,
          instant,
          instant,
          instant,
          new RunLedgerActivitiesImpl(runs, credits));
    }
    return new PipelineWorkers(
        temporal.client(),
        settings.worker().enabled(),
        settings.worker().renderConcurrency(),
        new OfflineScriptActivities(),
        new OfflineMediaActivities(new EspeakNarrator(), store),
        new TimelineActivitiesImpl(timelines, runs, store),
        new RenderActivitiesImpl(timelines, renders, runs, store, live),
        new PublishActivitiesImpl(new LocalFolderPublisher(settings.publishDir()), publications, store),
        new RunLedgerActivitiesImpl(runs, credits));
  }
}
