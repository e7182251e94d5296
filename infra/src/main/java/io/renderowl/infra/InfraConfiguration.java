package io.renderowl.infra;

import io.renderowl.infra.admin.OperatorViews;
import io.renderowl.infra.admin.internal.JdbcOperatorViews;
import io.renderowl.infra.config.CreditSettings;
import io.renderowl.infra.config.RenderowlSettings;
import io.renderowl.infra.credits.Credits;
import io.renderowl.infra.credits.PriceList;
import io.renderowl.infra.credits.Purchases;
import io.renderowl.infra.credits.internal.JdbcCredits;
import io.renderowl.infra.credits.internal.ReservedRenderCharges;
import io.renderowl.infra.credits.internal.StripePurchases;
import io.renderowl.infra.net.OutboundUrls;
import io.renderowl.infra.persistence.CreditRepository;
import io.renderowl.infra.persistence.PipelineRunRepository;
import io.renderowl.infra.persistence.ProviderUsageRepository;
import io.renderowl.infra.persistence.PublicationRepository;
import io.renderowl.infra.persistence.RenderChunkRepository;
import io.renderowl.infra.persistence.RenderRepository;
import io.renderowl.infra.persistence.TimelineRepository;
import io.renderowl.infra.persistence.UserRepository;
import io.renderowl.infra.pipeline.PipelineRuns;
import io.renderowl.infra.pipeline.RenderRuns;
import io.renderowl.infra.pipeline.SocialPosts;
import io.renderowl.infra.pipeline.internal.JdbcTimelines;
import io.renderowl.infra.pipeline.internal.RunPermitGate;
import io.renderowl.infra.pipeline.internal.TemporalPipelineRuns;
import io.renderowl.infra.pipeline.internal.TemporalRenders;
import io.renderowl.infra.pipeline.internal.TemporalSocialPosts;
import io.renderowl.infra.progress.LiveProgress;
import io.renderowl.infra.storage.ObjectStore;
import io.renderowl.infra.temporal.TemporalConnection;
import io.renderowl.infra.temporal.TemporalStartup;
import io.renderowl.infra.users.Accounts;
import io.renderowl.infra.users.ApiTokens;
import io.renderowl.infra.users.LocalUser;
import io.renderowl.infra.users.RequestRateLimit;
import io.renderowl.infra.users.internal.BearerAuthenticator;
import io.renderowl.infra.users.internal.BuiltInIssuer;
import io.renderowl.infra.users.internal.ExternalJwts;
import io.renderowl.infra.users.internal.JdbcAccounts;
import io.renderowl.infra.users.internal.PasswordHashing;
import io.renderowl.infra.users.internal.RedisRequestRateLimit;
import io.renderowl.infra.users.internal.SigningKey;
import io.renderowl.workflows.RunPermitsWorkflow;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.core.env.Environment;
import redis.clients.jedis.RedisClient;

/**
 * Wires the stack ({@link StackConfiguration}: settings, servers, clients) with users, credits, the
 * other repositories and the pipeline-run service. The schema comes from Liquibase (Spring Boot
 * runs db/changelog/db.changelog-master.yaml on this DataSource before anything queries it).
 */
@Configuration(proxyBeanMethods = false)
@Import({StackConfiguration.class, SocialAccountsConfiguration.class})
public class InfraConfiguration {
  /** Credits: the initial grant, the price list, Stripe (RENDEROWL_PRICE_*, STRIPE_*). */
  @Bean
  CreditSettings creditSettings(Environment environment) {
    return CreditSettings.from(environment::getProperty);
  }

  @Bean
  PriceList priceList(CreditSettings settings) {
    return new PriceList(settings.prices());
  }

  @Bean
  Credits credits(CreditRepository ledger, PriceList prices) {
    return new JdbcCredits(ledger, prices);
  }

  @Bean
  Purchases purchases(CreditSettings settings, CreditRepository ledger) {
    return new StripePurchases(settings.stripe(), ledger, Clock.systemUTC());
  }

  @Bean
  UserRepository userRepository(DataSource dataSource) {
    return new UserRepository(dataSource);
  }

  @Bean
  RenderRuns renderRuns(
      TemporalConnection temporal,
      LiveProgress progress,
      TimelineRepository timelines,
      CreditRepository credits,
      PriceList prices) {
    return new RenderRuns(
        temporal, progress, timelines, new ReservedRenderCharges(credits, prices));
  }

  /** Timelines edited over the API. */
  @Bean
  JdbcTimelines timelines(DataSource dataSource, ObjectStore store) {
    return new JdbcTimelines(dataSource, store);
  }

  /** Templates: the built-in ones and users' own. */
  @Bean
  io.renderowl.infra.templates.internal.JdbcTemplates templates(DataSource dataSource) {
    return new io.renderowl.infra.templates.internal.JdbcTemplates(dataSource);
  }

  /** Renders asked for over the API. */
  @Bean
  TemporalRenders renders(
      JdbcTimelines timelines,
      RenderRepository renders,
      RenderChunkRepository chunks,
      RenderRuns runs,
      TemporalConnection temporal,
      LiveProgress progress,
      ObjectStore store,
      OutboundUrls outboundUrls) {
    return new TemporalRenders(
        timelines, renders, chunks, runs, temporal, progress, store, outboundUrls);
  }

  /** Durable completion callbacks for work outside Temporal (bulk batches). */
  @Bean
  io.renderowl.infra.pipeline.CompletionCallbacks completionCallbacks(
      TemporalConnection temporal, OutboundUrls outboundUrls) {
    return new io.renderowl.infra.pipeline.internal.TemporalCompletionCallbacks(
        temporal, outboundUrls);
  }

  /** The completion callbacks' deliveries and attempts, as users read them. */
  @Bean
  io.renderowl.infra.pipeline.WebhookDeliveries webhookDeliveries(javax.sql.DataSource dataSource) {
    return new io.renderowl.infra.pipeline.internal.JdbcWebhookDeliveries(
        new io.renderowl.infra.persistence.WebhookDeliveryRepository(dataSource));
  }

  /** Renders and publications whose Temporal execution is gone, for the system reaper. */
  @Bean
  io.renderowl.infra.pipeline.OrphanedWork orphanedWork(
      TemporalConnection temporal, RenderRepository renders, PublicationRepository publications) {
    return new io.renderowl.infra.pipeline.internal.TemporalOrphanedWork(
        temporal, renders, publications);
  }

  @Bean
  PublicationRepository publicationRepository(DataSource dataSource) {
    return new PublicationRepository(dataSource);
  }

  @Bean
  CreditRepository creditRepository(DataSource dataSource) {
    return new CreditRepository(dataSource);
  }

  @Bean
  ProviderUsageRepository providerUsageRepository(DataSource dataSource) {
    return new ProviderUsageRepository(dataSource);
  }

  /** The user the CLI runs as; created (an admin, with a random API key) on first start. */
  @Bean
  @DependsOn("liquibase")
  LocalUser localUser(
      RenderowlSettings settings, CreditSettings credits, UserRepository users, Accounts accounts) {
    return LocalUser.ensure(settings, users, accounts, credits.initialGrant());
  }

  /** What admins see of all users (each read audited). */
  @Bean
  OperatorViews operatorViews(DataSource dataSource) {
    return new JdbcOperatorViews(dataSource);
  }

  @Bean
  @DependsOn("liquibase")
  JdbcAccounts accounts(
      DataSource dataSource, CreditRepository credits, CreditSettings creditSettings) {
    return new JdbcAccounts(
        dataSource, PasswordHashing.encoder(), credits, creditSettings.signupGrant());
  }

  /**
   * The built-in issuer, signing with the configured key or one generated into the state folder.
   */
  @Bean
  BuiltInIssuer signIn(RenderowlSettings settings, JdbcAccounts accounts, DataSource dataSource) {
    RenderowlSettings.Auth auth = settings.auth();
    Path keyFile =
        auth.signingKey().isBlank()
            ? settings.home().resolve("auth").resolve("signing-key.jwks")
            : Path.of(auth.signingKey());
    return new BuiltInIssuer(
        accounts,
        dataSource,
        SigningKey.loadOrCreate(keyFile),
        auth.issuer(),
        Duration.ofMinutes(auth.accessTokenMinutes()),
        Duration.ofDays(auth.refreshTokenDays()));
  }

  @Bean
  ApiTokens apiTokens(RenderowlSettings settings, JdbcAccounts accounts, BuiltInIssuer builtIn) {
    RenderowlSettings.Auth auth = settings.auth();
    ExternalJwts external =
        auth.external()
            ? new ExternalJwts(
                auth.jwksUrl(),
                auth.jwtIssuer(),
                auth.authorizedParties(),
                Duration.ofSeconds(auth.clockSkewSeconds()))
            : null;
    return new BearerAuthenticator(accounts, builtIn, external);
  }

  @Bean
  RequestRateLimit requestRateLimit(RenderowlSettings settings, RedisClient redis) {
    return new RedisRequestRateLimit(
        redis, settings.auth().requestBurst(), settings.auth().requestsPerMinute());
  }

  @Bean
  SocialPosts socialPosts(
      TemporalConnection temporal, PipelineRunRepository runs, PublicationRepository publications) {
    return new TemporalSocialPosts(temporal, runs, publications);
  }

  @Bean
  PipelineRuns pipelineRuns(
      RenderowlSettings settings,
      TemporalConnection temporal,
      PipelineRunRepository runs,
      ObjectStore store,
      LiveProgress progress,
      CreditRepository credits,
      PriceList prices,
      OutboundUrls outboundUrls) {
    RenderowlSettings.Batch caps = settings.batch();
    RunPermitGate.Caps permits = new RunPermitGate.Caps(caps.maxRuns(), caps.maxRunsPerUser());
    return new TemporalPipelineRuns(
        temporal,
        runs,
        store,
        progress,
        settings.publishers(),
        permits,
        credits,
        prices,
        outboundUrls);
  }

  /**
   * Fair concurrency: starts the run-permit gate, or gives the running one the current caps, once
   * this context has started, so after this process's workers poll (they start with the context).
   * Signalled while no worker polled its task queue (before, while the context was being built),
   * the gate's workflow task waited in the queue's backlog, and so did every run's permit: 2.8-3.9
   * s at the start of some `owl demo` runs, streaks of them, on the embedded dev server; a task
   * made while a poller waits is handed over at once. A run that asks before then starts the gate
   * with its ask (RunPermitGate.request). Retried while Temporal is not up yet (after the workers'
   * own start).
   */
  @Bean
  ApplicationListener<ContextRefreshedEvent> runPermitGateStart(
      ApplicationContext context,
      RenderowlSettings settings,
      TemporalConnection temporal,
      TemporalStartup startup) {
    RenderowlSettings.Batch caps = settings.batch();
    return new ApplicationListener<>() {
      @Override
      public void onApplicationEvent(ContextRefreshedEvent event) {
        if (event.getApplicationContext() != context) {
          return; // a child context (the management server's) started
        }
        startup.run(
            "the run-permit gate (" + RunPermitsWorkflow.ID + ")",
            () -> RunPermitGate.ensure(temporal, caps.maxRuns(), caps.maxRunsPerUser()));
      }
    };
  }
}
