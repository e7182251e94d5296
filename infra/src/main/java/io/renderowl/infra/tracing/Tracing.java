package io.renderowl.infra.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.instrumentation.jdbc.datasource.JdbcTelemetry;
import io.opentelemetry.opentracingshim.OpenTracingShim;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.common.interceptors.WorkflowClientInterceptor;
import io.temporal.opentracing.OpenTracingClientInterceptor;
import io.temporal.opentracing.OpenTracingOptions;
import io.temporal.opentracing.OpenTracingWorkerInterceptor;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenTelemetry tracing of this process: one trace from an API request through the workflow start
 * ({@code StartWorkflow}) to the workflow ({@code RunWorkflow}) and each activity ({@code
 * StartActivity}/{@code RunActivity}), by Temporal's OpenTracing interceptors over the
 * OpenTelemetry SDK (the OpenTracing shim).
 *
 * <p>On only when {@code OTEL_EXPORTER_OTLP_ENDPOINT} is set: spans are then exported by OTLP, and
 * every other {@code OTEL_*} variable of the SDK's autoconfiguration applies ({@code
 * OTEL_EXPORTER_OTLP_PROTOCOL}, {@code OTEL_EXPORTER_OTLP_HEADERS}, {@code
 * OTEL_TRACES_SAMPLER}...). The service name is {@code OTEL_SERVICE_NAME}, else {@code
 * renderowl-<role>}. Off, nothing is added: no interceptors, the no-op API.
 *
 * <p>Our own calls to the stores are spans too when on: JDBC through OpenTelemetry's library
 * instrumentation ({@link #dataSource}, a wrapping DataSource: one span per statement), Redis and
 * S3 through {@link #client} in their adapters. Off, the DataSource is the pool itself and {@link
 * #client} runs the call directly.
 */
public final class Tracing {
  public static final String ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";
  private static final Logger log = LoggerFactory.getLogger(Tracing.class);
  private static final Tracing OFF = new Tracing(null);

  private static volatile String serviceName = "renderowl";
  private static volatile @Nullable Tracing global;

  private final @Nullable OpenTelemetry openTelemetry;
  private final @Nullable OpenTracingOptions options;

  private Tracing(@Nullable OpenTelemetry openTelemetry) {
    this.openTelemetry = openTelemetry;
    this.options =
        openTelemetry == null
            ? null
            : OpenTracingOptions.newBuilder()
                .setTracer(OpenTracingShim.createTracerShim(openTelemetry))
                .build();
  }

  /** No tracing at all. */
  public static Tracing off() {
    return OFF;
  }

  /** Traces into the given OpenTelemetry (tests: an SDK with an in-memory exporter). */
  public static Tracing of(OpenTelemetry openTelemetry) {
    return new Tracing(openTelemetry);
  }

  /**
   * From the {@code OTEL_*} variables: off unless {@value #ENDPOINT} is set, else the SDK's
   * autoconfiguration with OTLP trace export (metrics and logs stay with Prometheus and Logback).
   */
  public static Tracing fromEnvironment(Map<String, String> env, String defaultServiceName) {
    String endpoint = env.get(ENDPOINT);
    if (endpoint == null || endpoint.isBlank()) {
      return OFF;
    }
    Map<String, String> properties = new HashMap<>();
    properties.put("otel.traces.exporter", "otlp");
    properties.put("otel.exporter.otlp.protocol", "grpc");
    properties.put("otel.metrics.exporter", "none");
    properties.put("otel.logs.exporter", "none");
    properties.put("otel.service.name", defaultServiceName);
    env.forEach((name, value) -> {
      if (name.startsWith("OTEL_") && !value.isBlank()) {
        properties.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value);
      }
    });
    OpenTelemetry sdk =
        AutoConfiguredOpenTelemetrySdk.builder()
            .addPropertiesSupplier(() -> properties)
            .build()
            .getOpenTelemetrySdk();
    log.info(
        "tracing on: spans of {} exported by OTLP to {}",
        properties.get("otel.service.name"),
        endpoint.strip());
    return new Tracing(sdk);
  }

  /**
   * The service name used when OTEL_SERVICE_NAME is unset; call before the first {@link #global}.
   */
  public static void useRole(String role) {
    serviceName = "renderowl-" + role;
  }

  /** This process's tracing, from its environment on first use. */
  public static Tracing global() {
    Tracing current = global;
    if (current == null) {
      synchronized (Tracing.class) {
        current = global;
        if (current == null) {
          current = fromEnvironment(System.getenv(), serviceName);
          global = current;
        }
      }
    }
    return current;
  }

  /** Replaces this process's tracing (tests); returns the one it replaced. */
  public static @Nullable Tracing setGlobal(@Nullable Tracing tracing) {
    synchronized (Tracing.class) {
      Tracing previous = global;
      global = tracing;
      return previous;
    }
  }

  public boolean enabled() {
    return openTelemetry != null;
  }

  /** The OpenTelemetry API to start spans with (the no-op one when off). */
  public OpenTelemetry openTelemetry() {
    return openTelemetry == null ? OpenTelemetry.noop() : openTelemetry;
  }

  /**
   * The DataSource the application uses: {@code pool} itself when off, else OpenTelemetry's JDBC
   * wrapper over it (a client span per statement, {@code db.query.text} with its parameters left as
   * placeholders, child of the current span).
   */
  public DataSource dataSource(DataSource pool) {
    if (openTelemetry == null) {
      return pool;
    }
    return JdbcTelemetry.builder(openTelemetry).build().wrap(pool);
  }

  /** A call to a store ({@link #client}). */
  @FunctionalInterface
  public interface Call<T, E extends Exception> {
    T run() throws E;
  }

  /**
   * Runs {@code call} in a client span named {@code name} with {@code attributes}, child of the
   * current span (its error recorded); when off, just runs it.
   */
  public <T, E extends Exception> T client(String name, Attributes attributes, Call<T, E> call)
      throws E {
    if (openTelemetry == null) {
      return call.run();
    }
    Span span =
        openTelemetry
            .getTracer("io.renderowl.infra")
            .spanBuilder(name)
            .setSpanKind(SpanKind.CLIENT)
            .setAllAttributes(attributes)
            .startSpan();
    Scope scope = span.makeCurrent();
    try {
      return call.run();
    } catch (Exception | Error e) {
      span.recordException(e);
      span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
      throw e;
    } finally {
      scope.close();
      span.end();
    }
  }

  /** For {@code WorkflowClientOptions.setInterceptors}: none when off. */
  public WorkflowClientInterceptor[] clientInterceptors() {
    return options == null
        ? new WorkflowClientInterceptor[0]
        : new WorkflowClientInterceptor[] {new OpenTracingClientInterceptor(options)};
  }

  /** For {@code WorkerFactoryOptions.setWorkerInterceptors}: {@code others}, then ours when on. */
  public WorkerInterceptor[] workerInterceptors(WorkerInterceptor... others) {
    if (options == null) {
      return others;
    }
    List<WorkerInterceptor> all = new java.util.ArrayList<>(Arrays.asList(others));
    all.add(new OpenTracingWorkerInterceptor(options));
    return all.toArray(WorkerInterceptor[]::new);
  }
}
