package io.renderowl.infra.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.renderowl.infra.config.RenderowlSettings;
import io.renderowl.workflows.PipelineSearchAttributes;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default stack with the real Temporal dev server: what one process leaves behind (database
 * rows, workflows) is there for the next one, and the search attributes are registered. Needs the
 * Temporal CLI that .ci/run builds (infra/scripts/build-temporal-cli.sh) or one on the PATH.
 */
@Tag("system")
@Timeout(
    value = 5,
    unit =
        TimeUnit
            .MINUTES) // two starts of the stack with the Temporal dev server (each waits up to 60 s
// for it); about 7 s here
class EmbeddedStackRestartTest {

  /**
   * The default stack in {@code home} with the Temporal dev server on free ports; skips the test
   * when no temporal binary is there.
   */
  static RenderowlSettings withDevServer(Path home) {
    Optional<Path> cli = TemporalDevServer.findCli("", Path.of("..", ".owl").toAbsolutePath());
    assumeThat(cli).as("no temporal binary: run infra/scripts/build-temporal-cli.sh").isPresent();
    return RenderowlSettings.from(
        Map.of(
                "RENDEROWL_HOME", home.toString(),
                "RENDEROWL_TEMPORAL_SERVER", "dev",
                "RENDEROWL_TEMPORAL_CLI", cli.get().toString(),
                "RENDEROWL_TEMPORAL_PORT", Integer.toString(Ports.free()),
                "RENDEROWL_TEMPORAL_UI_PORT", Integer.toString(Ports.free()))
            ::get);
  }

  @Test
  void aSecondStartSeesTheFirstStartsRowsAndWorkflows(@TempDir Path home) throws Exception {
    RenderowlSettings settings = withDevServer(home);

    try (EmbeddedStack first = EmbeddedStack.start(settings)) {
      StackEndpoints e = first.endpoints();
      assertThat(e.temporalServer()).isEqualTo("dev server");
      assertThat(e.searchAttributes()).isTrue();
      // it never asks version-info.temporal.io for newer releases (measured with strace: a DNS
      // query at every start without this setting, none with it)
      assertThat(
              ProcessHandle.current()
                  .descendants()
                  .flatMap(p -> p.info().arguments().stream())
                  .filter(args -> String.join(" ", args).contains("start-dev"))
                  .map(List::of))
          .singleElement()
          .satisfies(args -> assertThat(args).contains(TemporalDevServer.VERSION_CHECK_OFF));
      try (Connection db = DriverManager.getConnection(e.jdbcUrl(), e.dbUser(), e.dbPassword())) {
        db.createStatement().execute("CREATE TABLE probe (note TEXT)");
        db.createStatement().execute("INSERT INTO probe VALUES ('written by the first start')");
      }
      WorkflowServiceStubs stubs = stubs(e);
      try {
        // No worker polls "probe": the workflow stays running, as a crashed run would.
        WorkflowStub stub =
            client(stubs, e)
                .newUntypedWorkflowStub(
                    "ProbeWorkflow",
                    WorkflowOptions.newBuilder()
                        .setWorkflowId("probe-1")
                        .setTaskQueue("probe")
                        .setTypedSearchAttributes(
                            SearchAttributes.newBuilder()
                                .set(PipelineSearchAttributes.STAGE, "render")
                                .set(PipelineSearchAttributes.USER, "someone")
                                .build())
                        .build());
        stub.start();
      } finally {
        stubs.shutdownNow();
      }
    }

    try (EmbeddedStack second = EmbeddedStack.start(settings)) {
      StackEndpoints e = second.endpoints();
      try (Connection db = DriverManager.getConnection(e.jdbcUrl(), e.dbUser(), e.dbPassword());
          ResultSet rs = db.createStatement().executeQuery("SELECT note FROM probe")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("written by the first start");
      }
      WorkflowServiceStubs stubs = stubs(e);
      try {
        WorkflowExecutionStatus status =
            stubs
                .blockingStub()
                .describeWorkflowExecution(
                    DescribeWorkflowExecutionRequest.newBuilder()
                        .setNamespace(e.temporalNamespace())
                        .setExecution(WorkflowExecution.newBuilder().setWorkflowId("probe-1"))
                        .build())
                .getWorkflowExecutionInfo()
                .getStatus();
        assertThat(status).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
        assertThat(
                stubs
                    .blockingStub()
                    .listWorkflowExecutions(
                        ListWorkflowExecutionsRequest.newBuilder()
                            .setNamespace(e.temporalNamespace())
                            .setQuery("RenderowlStage = 'render'")
                            .build())
                    .getExecutionsList())
            .extracting(x -> x.getExecution().getWorkflowId())
            .containsExactly("probe-1");
      } finally {
        stubs.shutdownNow();
      }
    }
  }

  private static WorkflowServiceStubs stubs(StackEndpoints e) {
    return WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(e.temporalAddress()).build());
  }

  private static WorkflowClient client(WorkflowServiceStubs stubs, StackEndpoints e) {
    return WorkflowClient.newInstance(
        stubs, WorkflowClientOptions.newBuilder().setNamespace(e.temporalNamespace()).build());
  }
}
