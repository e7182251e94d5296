package io.renderowl.infra.temporal;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import io.micrometer.core.instrument.MeterRegistry;
import io.renderowl.infra.stack.StackEndpoints;
import io.renderowl.infra.tracing.Tracing;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import org.jspecify.annotations.Nullable;

/** gRPC stubs and the workflow client for the configured Temporal frontend and namespace. */
public final class TemporalConnection implements AutoCloseable {
  /** How often the SDK's metrics scope flushes to Micrometer. */
  private static final int REPORT_EVERY_SECONDS = 10;

  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;
  private final boolean searchAttributes;

  private TemporalConnection(
      WorkflowServiceStubs stubs, WorkflowClient client, boolean searchAttributes) {
    this.stubs = stubs;
    this.client = client;
    this.searchAttributes = searchAttributes;
  }

  public static TemporalConnection open(StackEndpoints endpoints) {
    return open(endpoints, null);
  }

  /**
   * Connects; with a {@code registry}, the SDK's client and worker metrics (requests, long polls,
   * schedule-to-start latency, slots, sticky cache...) are reported to it as {@code temporal_*}.
   */
  public static TemporalConnection open(
      StackEndpoints endpoints, @Nullable MeterRegistry registry) {
    WorkflowServiceStubsOptions.Builder options =
        WorkflowServiceStubsOptions.newBuilder().setTarget(endpoints.temporalAddress());
    if (registry != null) {
      Scope scope =
          new RootScopeBuilder()
              .reporter(new MicrometerClientStatsReporter(registry))
              .reportEvery(com.uber.m3.util.Duration.ofSeconds(REPORT_EVERY_SECONDS));
      options.setMetricsScope(scope);
    }
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(options.build());
    WorkflowClient client =
        WorkflowClient.newInstance(
            stubs,
            WorkflowClientOptions.newBuilder()
                .setNamespace(endpoints.temporalNamespace())
                .setInterceptors(Tracing.global().clientInterceptors())
                .build());
    return new TemporalConnection(stubs, client, endpoints.searchAttributes());
  }

  public WorkflowClient client() {
    return client;
  }

  public WorkflowServiceStubs stubs() {
    return stubs;
  }

  /** Whether RenderowlUser/RenderowlStage search attributes are registered on this server. */
  public boolean searchAttributes() {
    return searchAttributes;
  }

  @Override
  public void close() {
    stubs.shutdown();
  }
}
