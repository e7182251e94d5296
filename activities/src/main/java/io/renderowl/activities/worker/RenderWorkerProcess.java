package io.renderowl.activities.worker;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.renderowl.infra.config.RenderowlSettings;
import io.renderowl.infra.health.ManagementServer;
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
import java.util.ArrayDeque;
import java.util.Deque;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;

/**
 * A render-only worker ({@code owl worker --render-only}) wired in plain Java: the same clients,
 * repositories and render activities as the other roles ({@link RenderWiring}), with health,
 * readiness and Prometheus on a {@link ManagementServer} of its own, and no application context,
 * web framework or auto-configuration. A render machine's memory is mostly x264's and FFmpeg's;
 * what the JVM adds on top is its classes, and a Spring Boot context with Tomcat and Actuator was
 * about a fifth of them (README "A render-only worker without Spring's context").
 *
 * <p>{@link #close()} stops what it started in reverse order: the management port, the workers (a
 * chunk in progress is cut at its next heartbeat and Temporal hands it to another worker), the
 * clients and the embedded servers.
 */
public final class RenderWorkerProcess implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RenderWorkerProcess.class);

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private StackEndpoints endpoints;
  private ManagementServer management;
  private int renderSlots;
  private boolean slicedX264Threads;
  private boolean temporalEmbedded;

  private RenderWorkerProcess() {}

  /**
   * Starts the stack's parts this process is not pointed away from, the clients, the render queues'
   * workers and the management port ({@code managementPort}, 0 for a free one). A failure stops
   * what was started and throws.
   */
  public static RenderWorkerProcess start(RenderowlSettings settings, int managementPort)
      throws Exception {
    if (!settings.render().renderOnly()) {
      throw new IllegalStateException(
          "a render-only worker needs RENDEROWL_WORKER_ROLE=" + RenderowlSettings.ROLE_RENDER);
    }
    RenderWorkerProcess process = new RenderWorkerProcess();
    try {
      process.startParts(settings, managementPort);
      return process;
    } catch (Exception | Error e) {
      process.close();
      throw e;
    }
  }

  private void startParts(RenderowlSettings settings, int managementPort) throws Exception {
    EmbeddedStack stack = keep(EmbeddedStack.start(settings));
    endpoints = stack.endpoints();
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    prometheus.config().commonTags("role", "render");
    // our meters (RenderowlMeters) record to the global registry, as under Actuator
    Metrics.addRegistry(prometheus);
    started.push(() -> Metrics.removeRegistry(prometheus));
    new JvmMemoryMetrics().bindTo(prometheus);
    keep(new JvmGcMetrics()).bindTo(prometheus);
    new JvmThreadMetrics().bindTo(prometheus);
    new ClassLoaderMetrics().bindTo(prometheus);
    new ProcessorMetrics().bindTo(prometheus);
    new UptimeMetrics().bindTo(prometheus);

    // one chunk at a time per slot reads and writes a few rows: a small pool
    DataSource db =
        StackClients.dataSource(endpoints, Math.max(4, settings.worker().renderSlots() + 2));
    if (db instanceof AutoCloseable closeable) {
      keep(closeable);
    }
    if (settings.database().embedded()) {
      // nobody else migrates this process's own PostgreSQL
      CurrentSchema.migrate(db, EmbeddedStack.databaseFolder(settings));
    }
    RedisClient redis = keep(StackClients.redis(endpoints));
    ObjectStore store = StackClients.objectStore(settings, endpoints);
    TemporalConnection temporal = keep(TemporalConnection.open(endpoints, prometheus));
    TemporalStartup startup =
        keep(new TemporalStartup(endpoints.temporalAddress(), TemporalStartup.Backoff.DEFAULT));
    PipelineWorkers workers =
        RenderWiring.renderOnlyWorkers(
            settings,
            temporal,
            store,
            new LiveProgress(redis),
            new PipelineRunRepository(db),
            new TimelineRepository(db),
            new RenderRepository(db),
            new RenderChunkRepository(db),
            new RenderWorkerRegistry(redis),
            startup);
    renderSlots = settings.worker().renderSlots();
    slicedX264Threads = settings.render().slicedX264Threads();
    temporalEmbedded = settings.temporal().embedded();
    if (workers.isAutoStartup()) {
      workers.start();
      started.push(workers::stop);
    }
    management =
        keep(
            ManagementServer.start(
                managementPort, db, redis, store, temporal, startup, prometheus));
  }

  private <T extends AutoCloseable> T keep(T part) {
    started.push(part);
    return part;
  }

  public StackEndpoints endpoints() {
    return endpoints;
  }

  /** The port health, readiness and Prometheus answer on. */
  public int managementPort() {
    return management.port();
  }

  public int renderSlots() {
    return renderSlots;
  }

  /** Whether x264's threads split every frame of a chunk (RENDEROWL_X264_THREADING). */
  public boolean slicedX264Threads() {
    return slicedX264Threads;
  }

  /** Whether Temporal runs inside this process (no RENDEROWL_TEMPORAL_ADDRESS). */
  public boolean temporalEmbedded() {
    return temporalEmbedded;
  }

  @Override
  public synchronized void close() {
    while (!started.isEmpty()) {
      AutoCloseable part = started.pop();
      try {
        part.close();
      } catch (Exception e) {
        LOG.warn("stopping {} failed: {}", part, e.toString());
      }
    }
  }
}
