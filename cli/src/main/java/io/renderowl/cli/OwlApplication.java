package io.renderowl.cli;

import io.renderowl.activities.worker.WorkerConfiguration;
import io.renderowl.api.ApiConfiguration;
import io.renderowl.batch.BatchJobsConfiguration;
import io.renderowl.infra.InfraConfiguration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

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
    SERVE
  }

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
   * the test-only instant stages).
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
    props.put("logging.file.name", "${RENDEROWL_HOME:.owl}/logs/owl.log");
    // Spring Batch jobs are launched by the batch services, never at start-up.
    props.put("spring.batch.job.enabled", "false");
    // Quartz is configured by BatchJobsConfiguration (clustered JDBC store), not Boot's in-memory
    // default.
    props.put(
        "spring.autoconfigure.exclude",
        "org.springframework.boot.quartz.autoconfigure.QuartzAutoConfiguration");
    props.put("logging.level.org.quartz", "WARN");
    if (mode == Mode.CLIENT) {
      props.put("RENDEROWL_WORKER", "false");
    }
    if (mode == Mode.CLIENT || mode == Mode.RUN) {
      props.put("RENDEROWL_SCHEDULER", "false");
    }
    props.putAll(extraProperties);
    return new SpringApplicationBuilder(mode == Mode.SERVE ? Server.class : Engine.class)
        .web(mode == Mode.SERVE ? WebApplicationType.SERVLET : WebApplicationType.NONE)
        .sources(extraSources)
        .properties(props)
        .run();
  }
}
