package io.renderowl.cli;

import io.renderowl.activities.worker.WorkerConfiguration;
import io.renderowl.api.ApiConfiguration;
import io.renderowl.batch.BatchJobsConfiguration;
import io.renderowl.infra.InfraConfiguration;
import io.renderowl.infra.config.RenderowlSettings;
import io.renderowl.infra.stack.EmbeddedStack;
import io.renderowl.infra.tracing.Tracing;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.AnnotationConfigUtils;
import org.springframework.context.annotation.Import;
import org.springframework.context.aot.AotApplicationContextInitializer;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.core.ResolvableType;

/** The Spring application behind the CLI: the stack and workers, plus the REST API for serve. */
final class OwlApplication {
  private OwlApplication() {}

  /** What a command needs from the application. */
  enum Mode {
    /** Stack + workers: runs pipelines in this process (one-shot commands: no Quartz scheduler). */
    RUN,
    /** Stack + workers + the Quartz scheduler (channels, system jobs): a long-running worker. */
    WORKER,
    /** Stack only: reads status, starts nothing. */
    CLIENT,
    /** Stack + workers + REST API. */
    SERVE;

    /** Long-running processes answer health and metrics on a management port. */
    boolean managed() {
      return this == WORKER || this == SERVE;
    }
  }

  /**
   * The management port's variable: Actuator (health, liveness, readiness, Prometheus) answers
   * there. {@code owl serve} defaults to 8081; {@code owl worker} to 0, a free port it prints, so
   * that several workers can run on one machine.
   */
  static final String MANAGEMENT_PORT = "RENDEROWL_MANAGEMENT_PORT";

  /**
   * {@code plain} (default: the console format a terminal reads) or {@code json} (one object a
   * line).
   */
  static final String LOG_FORMAT = "RENDEROWL_LOG_FORMAT";

  /** The Spring profile logback-spring.xml switches the console to JSON lines with. */
  static final String JSON_LOGS_PROFILE = "json-logs";

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import({InfraConfiguration.class, WorkerConfiguration.class, BatchJobsConfiguration.class})
  static class Engine {}

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import({
    InfraConfiguration.class,
    WorkerConfiguration.class,
    BatchJobsConfiguration.class,
    ApiConfiguration.class
  })
  static class Server {}

  /** Blocks until the context is closed (Ctrl-C runs Spring's shutdown hook, which closes it). */
  static void awaitClose(ConfigurableApplicationContext ctx) throws InterruptedException {
    java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
    ctx.addApplicationListener(
        (org.springframework.context.ApplicationListener<
                org.springframework.context.event.ContextClosedEvent>)
            e -> closed.countDown());
    closed.await();
  }

  /**
   * Starts the application for {@code mode}; {@code extraSources} add configuration (the bench adds
   * the test-only instant stages). A one-shot mode started as built registers the bean definitions
   * generated at build time ({@link BuildTimeContexts}).
   */
  static ConfigurableApplicationContext start(
      Mode mode, Map<String, Object> extraProperties, Class<?>... extraSources) {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("spring.main.banner-mode", "off");
    props.put("spring.main.log-startup-info", "false");
    props.put("logging.level.root", "WARN");
    props.put("logging.level.io.renderowl", "INFO");
    // Activity failures reach the user as the run's reason; stopping mid-render cuts the render
    // and closes the pool, which these two would report as warnings.
    props.put("logging.level.io.temporal", "ERROR");
    props.put("logging.level.com.zaxxer.hikari", "ERROR");
    props.put("logging.level.liquibase", "WARN");
    // Liquibase 5 otherwise fetches https://config.liquibase.com/analytics.yaml (and may send
    // usage data) on every migration: nothing leaves the machine unless a user configures it.
    props.put("spring.liquibase.analytics-enabled", "false");
    props.put("logging.file.name", "${RENDEROWL_HOME:.owl}/logs/owl.log");
    // Spring Batch jobs are launched by the batch services, never at start-up.
    props.put("spring.batch.job.enabled", "false");
    props.put("spring.autoconfigure.exclude", String.join(",", excludedAutoConfigurations(mode)));
    props.put("logging.level.org.quartz", "WARN");
    if (mode == Mode.CLIENT) {
      props.put("RENDEROWL_WORKER", "false");
    }
    if (mode == Mode.CLIENT || mode == Mode.RUN) {
      props.put("RENDEROWL_SCHEDULER", "false");
    }
    management(mode, props);
    props.putAll(extraProperties);
    SpringApplicationBuilder builder =
        new SpringApplicationBuilder(configuration(mode))
            .web(mode.managed() ? WebApplicationType.SERVLET : WebApplicationType.NONE)
            .sources(extraSources)
            .properties(props);
    if (jsonLogs(System.getenv(LOG_FORMAT))) {
      builder.profiles(JSON_LOGS_PROFILE);
    }
    String generated =
        BuildTimeContexts.initializerFor(
            mode,
            extraProperties,
            extraSources,
            System::getenv,
            OwlApplication.class.getClassLoader());
    if (generated != null) {
      builder.initializers(
          AotApplicationContextInitializer.forInitializerClasses(generated),
          context -> context.addBeanFactoryPostProcessor(new WithoutEventListenerMethods()));
    }
    EarlyStack early = new EarlyStack();
    builder.listeners(early).initializers(early);
    String aotFlag = System.getProperty(BuildTimeContexts.AOT_ENABLED);
    try {
      if (generated != null) {
        System.setProperty(BuildTimeContexts.AOT_ENABLED, "true");
      }
      return builder.run();
    } finally {
      if (generated != null) {
        // process-wide: a later context in the same JVM (tests) decides for itself
        if (aotFlag == null) {
          System.clearProperty(BuildTimeContexts.AOT_ENABLED);
        } else {
          System.setProperty(BuildTimeContexts.AOT_ENABLED, aotFlag);
        }
      }
      early.close(); // stops the stack only when the context did not take it (it failed first)
    }
  }

  /**
   * Leaves Spring's processor of {@code @EventListener} methods out of a generated one-shot
   * context. Once the singletons exist it looks through every method of every bean for the
   * annotation: 35 ms of the main thread's CPU on the way to a demo's run (async-profiler, 1 ms
   * samples), and no bean of either one-shot context has such a method ({@code
   * BuildTimeContextsTest} checks every bean of both, built from their configuration classes, and
   * fails when one gains a listener method, which would otherwise never be called). A context built
   * at start keeps the processor.
   */
  static final class WithoutEventListenerMethods implements BeanDefinitionRegistryPostProcessor {
    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
      if (registry.containsBeanDefinition(EVENT_LISTENER_PROCESSOR)) {
        registry.removeBeanDefinition(EVENT_LISTENER_PROCESSOR);
      }
    }
  }

  static final String EVENT_LISTENER_PROCESSOR =
      AnnotationConfigUtils.EVENT_LISTENER_PROCESSOR_BEAN_NAME;

  /**
   * Declarative transactions ({@code @EnableTransactionManagement}): nothing here is
   * {@code @Transactional} (each repository runs its own {@code TransactionTemplate}; Spring Batch
   * and Quartz manage theirs), yet its advisor looked for the annotation on every method of every
   * bean at each start, about 0.1 s of the main thread's CPU. The transaction manager itself
   * (DataSourceTransactionManagerAutoConfiguration) stays. {@code NoDeclarativeTransactionsTest}
   * fails if a class of ours uses the annotation, which would otherwise be silently ignored.
   */
  static final String DECLARATIVE_TRANSACTIONS =
      "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration";

  /**
   * The auto-configurations {@code mode} leaves out. Quartz is configured by BatchJobsConfiguration
   * (clustered JDBC store), not Boot's in-memory default; declarative transactions are unused
   * ({@link #DECLARATIVE_TRANSACTIONS}); a one-shot command leaves out what only a management port
   * or a web server uses ({@link OneShotAutoConfigurations}). A render-only worker starts no
   * context ({@link RenderOnlyWorker}).
   */
  static List<String> excludedAutoConfigurations(Mode mode) {
    List<String> excluded =
        new ArrayList<>(
            List.of(
                "org.springframework.boot.quartz.autoconfigure.QuartzAutoConfiguration",
                DECLARATIVE_TRANSACTIONS));
    if (!mode.managed()) {
      excluded.addAll(OneShotAutoConfigurations.excluded(OwlApplication.class.getClassLoader()));
    }
    return excluded;
  }

  /**
   * Starts the embedded stack as soon as the environment is ready and logging configured, while
   * Spring goes on building the context (about two seconds of a command's start on a small
   * machine), so that the servers are up, or nearly, when the context's stack bean asks for them.
   */
  private static final class EarlyStack
      implements GenericApplicationListener,
          ApplicationContextInitializer<ConfigurableApplicationContext> {
    private EmbeddedStack.@Nullable Early early;

    @Override
    public boolean supportsEventType(ResolvableType eventType) {
      return ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(eventType.toClass());
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
      if (event instanceof ApplicationEnvironmentPreparedEvent prepared
          && early == null
          && !Boolean.getBoolean(BuildTimeContexts.AOT_PROCESSING)) {
        RenderowlSettings settings;
        try {
          settings = RenderowlSettings.from(prepared.getEnvironment()::getProperty);
        } catch (RuntimeException e) {
          return; // the context's settings bean reports what is wrong
        }
        early = EmbeddedStack.startEarly(settings);
        io.renderowl.activities.worker.PipelineWorkers.probeEncodersAhead(settings);
      }
    }

    /** After Boot's logging listener: the stack's parts log through the configured logging. */
    @Override
    public int getOrder() {
      return LoggingApplicationListener.DEFAULT_ORDER + 1;
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
      if (early != null) {
        context.getBeanFactory().registerSingleton("earlyStack", early);
      }
    }

    void close() {
      if (early != null) {
        early.close();
      }
    }
  }

  private static Class<?> configuration(Mode mode) {
    return switch (mode) {
      case SERVE -> Server.class;
      case RUN, CLIENT, WORKER -> Engine.class;
    };
  }

  /**
   * Actuator on the management port: liveness ({@code /actuator/health/liveness}), readiness of
   * PostgreSQL, Redis, S3 and the Temporal frontend ({@code /actuator/health/readiness}) and the
   * Prometheus scrape ({@code /actuator/prometheus}). {@code owl serve} keeps it off the API's
   * port; a worker serves nothing else, so its web server is the management port.
   */
  static void management(Mode mode, Map<String, Object> props) {
    props.put("management.endpoints.web.exposure.include", "health,prometheus,info");
    props.put("management.endpoint.health.probes.enabled", "true");
    props.put("management.endpoint.health.show-details", "always");
    props.put(
        "management.endpoint.health.group.readiness.include",
        "readinessState,db,redis,s3,temporal,temporalStartup");
    props.put("management.endpoint.health.group.readiness.show-details", "always");
    props.put("management.metrics.tags.role", role(mode));
    Tracing.useRole(role(mode));
    if (mode == Mode.SERVE) {
      props.put("management.server.port", "${" + MANAGEMENT_PORT + ":8081}");
    } else if (mode.managed()) {
      props.put("server.port", "${" + MANAGEMENT_PORT + ":0}");
    }
  }

  private static String role(Mode mode) {
    return switch (mode) {
      case SERVE -> "api";
      case WORKER -> "worker";
      case RUN, CLIENT -> "cli";
    };
  }

  /** Whether RENDEROWL_LOG_FORMAT asks for JSON lines; anything but plain or json is refused. */
  static boolean jsonLogs(String format) {
    if (format == null || format.isBlank() || format.strip().equalsIgnoreCase("plain")) {
      return false;
    }
    if (format.strip().equalsIgnoreCase("json")) {
      return true;
    }
    throw new IllegalArgumentException(
        LOG_FORMAT + " must be plain or json (got '" + format.strip() + "')");
  }

  /** The port Actuator answers on in a started application (-1 when it has none). */
  static int managementPort(ConfigurableApplicationContext ctx) {
    Integer port = ctx.getEnvironment().getProperty("local.management.port", Integer.class);
    if (port == null) {
      port = ctx.getEnvironment().getProperty("local.server.port", Integer.class);
    }
    return port == null ? -1 : port;
  }
}
