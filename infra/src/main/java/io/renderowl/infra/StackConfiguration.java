package io.renderowl.infra;

import io.micrometer.core.instrument.MeterRegistry;
import io.renderowl.infra.config.RenderowlSettings;
import io.renderowl.infra.health.HealthConfiguration;
import io.renderowl.infra.net.OutboundUrls;
import io.renderowl.infra.persistence.CurrentSchema;
import io.renderowl.infra.persistence.PipelineRunRepository;
import io.renderowl.infra.persistence.RenderChunkRepository;
import io.renderowl.infra.persistence.RenderRepository;
import io.renderowl.infra.persistence.TimelineRepository;
import io.renderowl.infra.progress.LiveProgress;
import io.renderowl.infra.progress.RenderWorkerRegistry;
import io.renderowl.infra.stack.EmbeddedStack;
import io.renderowl.infra.stack.StackClients;
import io.renderowl.infra.stack.StackEndpoints;
import io.renderowl.infra.storage.ObjectStore;
import io.renderowl.infra.temporal.TemporalConnection;
import io.renderowl.infra.temporal.TemporalStartup;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import redis.clients.jedis.RedisClient;

/**
 * The part of the stack every role needs: settings, the embedded servers (only for parts not
 * pointed elsewhere), the real clients (JDBC, Jedis, minio-java, Temporal gRPC), the repositories a
 * render touches (runs, timelines, renders, chunks, the render-worker registry) and the health
 * checks of those servers. A render-only worker is built from this alone plus its render
 * activities; {@link InfraConfiguration} adds users, credits, API services and the permit gate.
 */
@Configuration(proxyBeanMethods = false)
@Import(HealthConfiguration.class)
public class StackConfiguration {

  /**
   * The settings, bound from the variables users set (environment variables, system properties or
   * Spring properties of the same name); a bad value fails start-up with the variable's name.
   */
  @Bean
  RenderowlSettings renderowlSettings(Environment environment) {
    return RenderowlSettings.from(environment::getProperty);
  }

  /**
   * Leaves Liquibase's update out when this home's embedded PostgreSQL already holds this build's
   * schema (static: a post-processor, created before the other beans).
   */
  @Bean
  static CurrentSchema currentSchema(Environment environment) {
    return new CurrentSchema(
        () -> EmbeddedStack.databaseFolder(RenderowlSettings.from(environment::getProperty)));
  }

  /** The guard of URLs fetched on a user's behalf (RENDEROWL_ALLOW_PRIVATE_URLS, ...). */
  @Bean
  OutboundUrls outboundUrls(RenderowlSettings settings) {
    return OutboundUrls.of(settings.outbound());
  }

  /** The stack the command started ahead of this context when it asks for the same servers. */
  @Bean(destroyMethod = "close")
  EmbeddedStack embeddedStack(
      RenderowlSettings settings, ObjectProvider<EmbeddedStack.Early> early) {
    EmbeddedStack.Early started = early.getIfAvailable();
    if (started != null) {
      Optional<EmbeddedStack> stack = started.claim(settings);
      if (stack.isPresent()) {
        return stack.get();
      }
    }
    return EmbeddedStack.start(settings);
  }

  @Bean
  StackEndpoints stackEndpoints(EmbeddedStack stack) {
    return stack.endpoints();
  }

  /**
   * The connection pool; with tracing on, wrapped by OpenTelemetry's JDBC instrumentation (whose
   * close closes the pool).
   */
  @Bean(destroyMethod = "close")
  DataSource dataSource(StackEndpoints endpoints) {
    return StackClients.dataSource(endpoints, 10);
  }

  @Bean(destroyMethod = "close")
  RedisClient redisClient(StackEndpoints endpoints) {
    return StackClients.redis(endpoints);
  }

  @Bean
  LiveProgress liveProgress(RedisClient redis) {
    return new LiveProgress(redis);
  }

  @Bean
  ObjectStore objectStore(RenderowlSettings settings, StackEndpoints endpoints) {
    return StackClients.objectStore(settings, endpoints);
  }

  @Bean(destroyMethod = "close")
  TemporalConnection temporalConnection(
      StackEndpoints endpoints, ObjectProvider<MeterRegistry> registry) {
    return TemporalConnection.open(endpoints, registry.getIfAvailable());
  }

  /**
   * Retries this process's first calls to Temporal (permit gate, worker start) while the frontend
   * is not up yet; the process stays unready meanwhile instead of exiting.
   */
  @Bean
  TemporalStartup temporalStartup(StackEndpoints endpoints) {
    return new TemporalStartup(endpoints.temporalAddress(), TemporalStartup.Backoff.DEFAULT);
  }

  @Bean
  PipelineRunRepository pipelineRunRepository(DataSource dataSource) {
    return new PipelineRunRepository(dataSource);
  }

  @Bean
  TimelineRepository timelineRepository(DataSource dataSource) {
    return new TimelineRepository(dataSource);
  }

  @Bean
  RenderRepository renderRepository(DataSource dataSource) {
    return new RenderRepository(dataSource);
  }

  @Bean
  RenderChunkRepository renderChunkRepository(DataSource dataSource) {
    return new RenderChunkRepository(dataSource);
  }

  @Bean
  RenderWorkerRegistry renderWorkerRegistry(RedisClient redis) {
    return new RenderWorkerRegistry(redis);
  }
}
