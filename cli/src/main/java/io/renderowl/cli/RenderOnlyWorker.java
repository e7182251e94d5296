package io.renderowl.cli;

import io.renderowl.activities.worker.RenderWorkerProcess;
import io.renderowl.infra.config.RenderowlSettings;
import io.renderowl.infra.tracing.Tracing;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.logging.LogFile;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Starts {@code owl worker --render-only} without a Spring context: the settings are read from the
 * same variables (system properties, then environment variables), logging is Spring Boot's logging
 * system on the same {@code logback-spring.xml} (console, {@code .owl/logs/owl.log},
 * RENDEROWL_LOG_FORMAT=json), and {@link RenderWorkerProcess} wires the rest.
 */
final class RenderOnlyWorker implements AutoCloseable {
  private final RenderWorkerProcess process;
  private final @Nullable Runnable stopLogging;

  private RenderOnlyWorker(RenderWorkerProcess process, @Nullable Runnable stopLogging) {
    this.process = process;
    this.stopLogging = stopLogging;
  }

  RenderWorkerProcess process() {
    return process;
  }

  /** Stops the worker, then logging (so that the stop's own lines are written). */
  @Override
  public void close() {
    try {
      process.close();
    } finally {
      if (stopLogging != null) {
        stopLogging.run();
      }
    }
  }

  /**
   * @param command the command's own settings (its flags), which win over the environment's
   */
  static RenderOnlyWorker start(Map<String, Object> command) throws Exception {
    StandardEnvironment environment = environment(command);
    @Nullable Runnable stopLogging = configureLogging(environment);
    try {
      Tracing.useRole("render");
      RenderowlSettings settings = RenderowlSettings.from(environment::getProperty);
      int port = managementPort(environment.getProperty(OwlApplication.MANAGEMENT_PORT));
      return new RenderOnlyWorker(RenderWorkerProcess.start(settings, port), stopLogging);
    } catch (Exception | Error e) {
      if (stopLogging != null) {
        stopLogging.run();
      }
      throw e;
    }
  }

  /**
   * Where the settings come from: the command's flags first (the role is always {@code render}),
   * then system properties and environment variables, then the defaults of the other roles (the log
   * file, a free management port).
   */
  static StandardEnvironment environment(Map<String, Object> command) {
    Map<String, Object> forced = new LinkedHashMap<>(command);
    forced.put("RENDEROWL_WORKER_ROLE", RenderowlSettings.ROLE_RENDER);
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new MapPropertySource("command", forced));
    environment
        .getPropertySources()
        .addLast(
            new MapPropertySource(
                "defaults",
                Map.of(
                    "logging.file.name",
                    "${RENDEROWL_HOME:.owl}/logs/owl.log",
                    OwlApplication.MANAGEMENT_PORT,
                    "0")));
    return environment;
  }

  /** RENDEROWL_MANAGEMENT_PORT's value as a port (0: a free one); anything else is refused. */
  static int managementPort(@Nullable String value) {
    String port = value == null ? "0" : value.strip();
    try {
      int parsed = Integer.parseInt(port);
      if (parsed >= 0 && parsed <= 65535) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new IllegalArgumentException(
        OwlApplication.MANAGEMENT_PORT + " must be a port from 0 to 65535 (got '" + port + "')");
  }

  /**
   * The levels and files of {@link OwlApplication#start}'s logging, without its context; returns
   * what flushes and stops it.
   */
  private static @Nullable Runnable configureLogging(StandardEnvironment environment) {
    if (OwlApplication.jsonLogs(System.getenv(OwlApplication.LOG_FORMAT))) {
      environment.setActiveProfiles(OwlApplication.JSON_LOGS_PROFILE);
    }
    LoggingSystem logging = LoggingSystem.get(RenderOnlyWorker.class.getClassLoader());
    logging.beforeInitialize();
    logging.initialize(
        new LoggingInitializationContext(environment), null, LogFile.get(environment));
    logging.setLogLevel(null, LogLevel.WARN);
    logging.setLogLevel("io.renderowl", LogLevel.INFO);
    // a chunk cut by a stop and the pool's close would otherwise be reported as warnings
    logging.setLogLevel("io.temporal", LogLevel.ERROR);
    logging.setLogLevel("com.zaxxer.hikari", LogLevel.ERROR);
    logging.setLogLevel("liquibase", LogLevel.WARN);
    return logging.getShutdownHandler();
  }
}
