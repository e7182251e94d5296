package io.renderowl.activities.worker;

import io.renderowl.activities.callback.CallbackActivitiesImpl;
import io.renderowl.activities.callback.WebhookSender;
import io.renderowl.activities.ledger.RunLedgerActivitiesImpl;
import io.renderowl.activities.provider.UsageSink;
import io.renderowl.activities.publish.LocalFolderPublisher;
import io.renderowl.activities.publish.PlatformHttp;
import io.renderowl.activities.publish.PublishActivitiesImpl;
import io.renderowl.activities.publish.SocialPublishActivitiesImpl;
import io.renderowl.activities.publish.facebook.FacebookPublisher;
import io.renderowl.activities.publish.instagram.InstagramPublisher;
import io.renderowl.activities.publish.linkedin.LinkedInPublisher;
import io.renderowl.activities.publish.tiktok.TikTokPublisher;
import io.renderowl.activities.publish.x.XPublisher;
import io.renderowl.activities.publish.youtube.YouTubePublisher;
import io.renderowl.activities.render.RenderRoutingActivitiesImpl;
import io.renderowl.activities.script.OfflineScriptWriter;
import io.renderowl.activities.script.ScriptActivitiesImpl;
import io.renderowl.activities.script.ScriptWriter;
import io.renderowl.activities.timeline.MusicLibrary;
import io.renderowl.activities.timeline.TimelineActivitiesImpl;
import io.renderowl.activities.visuals.VisualActivitiesImpl;
import io.renderowl.activities.voice.VoiceActivitiesImpl;
import io.renderowl.infra.ai.AiStudio;
import io.renderowl.infra.ai.VideoIdeas;
import io.renderowl.infra.config.PublishingSettings;
import io.renderowl.infra.config.RenderowlSettings;
import io.renderowl.infra.credits.PriceList;
import io.renderowl.infra.net.OutboundUrls;
import io.renderowl.infra.persistence.CreditRepository;
import io.renderowl.infra.persistence.PipelineRunRepository;
import io.renderowl.infra.persistence.ProviderUsageRepository;
import io.renderowl.infra.persistence.PublicationRepository;
import io.renderowl.infra.persistence.RenderChunkRepository;
import io.renderowl.infra.persistence.RenderRepository;
import io.renderowl.infra.persistence.TimelineRepository;
import io.renderowl.infra.persistence.WebhookDeliveryRepository;
import io.renderowl.infra.progress.LiveProgress;
import io.renderowl.infra.progress.RenderWorkerRegistry;
import io.renderowl.infra.social.SocialAccounts;
import io.renderowl.infra.storage.ObjectStore;
import io.renderowl.infra.temporal.TemporalConnection;
import io.renderowl.infra.temporal.TemporalStartup;
import io.renderowl.workflows.CallbackActivities;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
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
      PipelineRunRepository runs,
      OutboundUrls outboundUrls) {
    Providers providers =
        Providers.create(
            settings.providers(),
            redis,
            UsageSink.of(usage),
            store,
            runId -> runs.find(runId).map(r -> r.userId().toString()),
            outboundUrls);
    LOG.info("providers: {}", providers.describe());
    return providers;
  }

  @Bean
  AiStudio aiStudio(Providers providers) {
    return new ProviderAiStudio(providers);
  }

  /** Template posters, drawn by the render engine in this process. */
  @Bean
  io.renderowl.infra.templates.TemplatePosters templatePosters(
      ObjectStore store, io.renderowl.infra.templates.Templates templates) {
    return new io.renderowl.activities.template.TemplatePosterRenderer(store, templates);
  }

  /** Autopilot channels' ideas from the chat model (the channels fall back to offline ideas). */
  @Bean
  VideoIdeas videoIdeas(Providers providers) {
    return new ProviderVideoIdeas(providers);
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
      PriceList prices,
      Providers providers,
      PublishingSettings publishing,
      ObjectProvider<SocialAccounts> accounts,
      ObjectProvider<StageActivities> replacement,
      Environment environment,
      OutboundUrls outboundUrls,
      DataSource dataSource,
      ObjectProvider<io.renderowl.infra.templates.Templates> templates,
      TemporalStartup startup) {
    CallbackActivities callbacks = callbacks(outboundUrls, dataSource);
    for (String platform : settings.publishers()) {
      if (!LocalFolderPublisher.PLATFORM.equals(platform)) {
        throw new IllegalStateException(
            "RENDEROWL_PUBLISHERS names '"
                + platform
                + "', but only "
                + LocalFolderPublisher.PLATFORM
                + " publishes without an account; social platforms are posted to through"
                + " connected accounts (--account)");
      }
    }
    StageActivities stages = replacement.getIfAvailable();
    if (stages != null) {
      LOG.warn(
          "stage activities replaced by {} (tests and benchmarks only)",
          stages.scripts().getClass().getName());
      return new PipelineWorkers(
              temporal.client(),
              settings.worker().enabled(),
              false,
              new PipelineWorkers.RenderAbilities(false, "the replacement stages render nothing"),
              settings.worker().renderSlots(),
              stages,
              registry)
          .withCallbacks(callbacks)
          .startingThrough(startup);
    }
    RenderowlSettings.Render render = settings.render();
    RenderWiring.RenderStages rendering =
        RenderWiring.renderStages(settings, timelines, renders, chunks, runs, store, live);
    ScriptWriter writer =
        providers.scriptWriter() == null ? new OfflineScriptWriter() : providers.scriptWriter();
    stages =
        new StageActivities(
            new ScriptActivitiesImpl(writer),
            new VisualActivitiesImpl(providers.visuals(), store),
            new VoiceActivitiesImpl(providers.speaker(), store),
            new TimelineActivitiesImpl(
                timelines,
                runs,
                store,
                new MusicLibrary(settings.providers(), store, providers.http()),
                templates.getIfAvailable()),
            rendering.render(),
            rendering.jobs(),
            new RenderRoutingActivitiesImpl(temporal, registry),
            (codec, identity) ->
                CollectingChunkActivities.onceTheOldGenerationGrew(
                    rendering.chunks().apply(codec, identity)),
            new PublishActivitiesImpl(
                new LocalFolderPublisher(settings.publishDir()), publications, store),
            new RunLedgerActivitiesImpl(runs, credits, prices),
            true,
            socialPublishing(
                publishing,
                accounts,
                publications,
                store,
                environment.getProperty(
                    "renderowl.social.facebook.client-id",
                    environment.getProperty("FACEBOOK_CLIENT_ID", "")),
                renderId ->
                    renders
                        .find(renderId)
                        .map(r ->
                            OptionalDouble.of(timelines.load(r.timelineId()).durationSeconds()))
                        .orElse(OptionalDouble.empty())));
    PipelineWorkers workers =
        new PipelineWorkers(
            temporal.client(),
            settings.worker().enabled(),
            render.renderOnly(),
            RenderWiring.renderAbilities(settings),
            settings.worker().renderSlots(),
            stages,
            registry);
    workers.withCallbacks(callbacks);
    workers.startingThrough(startup);
    return render.pipelineOnly() ? workers.withoutRenderQueues() : workers;
  }

  /**
   * Completion callbacks: signed with each user's secret, sent through the outbound guard, every
   * attempt recorded in {@code webhook_deliveries}.
   */
  private static CallbackActivities callbacks(OutboundUrls outboundUrls, DataSource dataSource) {
    WebhookDeliveryRepository deliveries = new WebhookDeliveryRepository(dataSource);
    return new CallbackActivitiesImpl(
        new WebhookSender(
            outboundUrls,
            deliveries::secretOf,
            deliveries::record,
            Clock.systemUTC(),
            Duration.ofSeconds(10)));
  }

  @Bean
  PublishingSettings publishingSettings(Environment environment) {
    return PublishingSettings.from(environment::getProperty);
  }

  /**
   * The social publishers, each on its own task queue. The accounts come from the {@link
   * SocialAccounts} bean of the connected-accounts module; without one, posts are refused with that
   * reason (the offline local-folder publisher needs none).
   */
  static StageActivities.SocialPublishing socialPublishing(
      PublishingSettings publishing,
      ObjectProvider<SocialAccounts> accounts,
      PublicationRepository publications,
      ObjectStore store,
      String facebookAppId,
      Function<UUID, OptionalDouble> durations) {
    PlatformHttp http = new PlatformHttp(Duration.ofSeconds(publishing.timeoutSeconds()));
    SocialPublishActivitiesImpl activities =
        new SocialPublishActivitiesImpl(
            accounts::getIfAvailable,
            List.of(
                new YouTubePublisher(http, publishing),
                new TikTokPublisher(http, publishing),
                new InstagramPublisher(http, publishing),
                new FacebookPublisher(http, publishing, facebookAppId),
                new XPublisher(http, publishing),
                new LinkedInPublisher(http, publishing)),
            publications,
            store,
            durations);
    return new StageActivities.SocialPublishing(
        activities, activities.platforms(), publishing.concurrency());
  }
}
