package io.renderowl.infra.temporal;

import io.renderowl.infra.stack.StackEndpoints;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;

/** gRPC stubs and the workflow client for the configured Temporal frontend and namespace. */
public final class TemporalConnection implements AutoCloseable {
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
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget(endpoints.temporalAddress())
                .build());
    WorkflowClient client =
        WorkflowClient.newInstance(
            stubs,
            WorkflowClientOptions.newBuilder().setNamespace(endpoints.temporalNamespace()).build());
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
