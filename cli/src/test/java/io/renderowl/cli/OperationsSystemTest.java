package io.renderowl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.renderowl.activities.worker.RenderWorkerProcess;
import io.renderowl.infra.metrics.RenderowlMeters;
import io.renderowl.infra.pipeline.PipelineRuns;
import io.renderowl.infra.pipeline.StartedRun;
import io.renderowl.infra.stack.StackEndpoints;
import io.renderowl.infra.users.LocalUser;
import io.renderowl.workflows.Aspect;
import io.renderowl.workflows.PipelineRequest;
import io.renderowl.workflows.PipelineSearchAttributes;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What an operator sees of a process: a render worker's management port (liveness, readiness of
 * every dependency, the Prometheus scrape with the Temporal SDK's metrics), and a started run in
 * the Temporal dev server with its search attributes, memo and summary.
 */
@Tag("system")
@Timeout(
    value = 5,
    unit = TimeUnit.MINUTES) // two starts of the embedded stack, about 10-20 s each here
class OperationsSystemTest {
  private static final List<String> PROPERTIES =
      List.of(
          "RENDEROWL_HOME",
          "RENDEROWL_TEMPORAL_SERVER",
          "RENDEROWL_TEMPORAL_CLI",
          "RENDEROWL_TEMPORAL_PORT",
          "RENDEROWL_TEMPORAL_UI_PORT",
          "RENDEROWL_MANAGEMENT_PORT",
          "RENDEROWL_SCRIPT_PROVIDER",
          "RENDEROWL_VISUAL_PROVIDERS",
          "RENDEROWL_VOICE_PROVIDER",
          "RENDEROWL_MAX_RUNS",
          "RENDEROWL_MAX_RUNS_PER_USER");

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path home;

  @BeforeEach
  void pointTheEngineAtATemporaryHome() {
    System.setProperty("RENDEROWL_HOME", home.toString());
    System.setProperty("RENDEROWL_SCRIPT_PROVIDER", "offline");
    System.setProperty("RENDEROWL_VISUAL_PROVIDERS", "procedural");
    System.setProperty("RENDEROWL_VOICE_PROVIDER", "espeak");
  }

  @AfterEach
  void clearTheEngineProperties() {
    PROPERTIES.forEach(System::clearProperty);
  }

  @Test
  void aRenderWorkerAnswersLivenessReadinessAndPrometheusOnItsManagementPort() throws Exception {
    System.setProperty("RENDEROWL_TEMPORAL_SERVER", "test");
    System.setProperty("RENDEROWL_MANAGEMENT_PORT", "0");
    // the process alone is closed: closing the command's logging would stop this JVM's logging
    try (RenderWorkerProcess worker = RenderOnlyWorker.start(Map.of()).process()) {
      int port = worker.managementPort();
      assertThat(port).isPositive();

      // its embedded PostgreSQL is migrated here, as no other process shares it
      StackEndpoints endpoints = worker.endpoints();
      try (Connection db =
              DriverManager.getConnection(
                  endpoints.jdbcUrl(), endpoints.dbUser(), endpoints.dbPassword());
          ResultSet renders = db.createStatement().executeQuery("select count(*) from renders")) {
        assertThat(renders.next()).isTrue();
      }

      HttpResponse<String> liveness = get(port, "/actuator/health/liveness");
      assertThat(liveness.statusCode()).isEqualTo(200);
      assertThat(liveness.body()).contains("\"status\":\"UP\"");

      HttpResponse<String> readiness = get(port, "/actuator/health/readiness");
      assertThat(readiness.statusCode()).isEqualTo(200);
      assertThat(readiness.body())
          .contains("\"db\"", "\"redis\"", "\"s3\"", "\"temporal\"", "\"readinessState\"")
          .doesNotContain("DOWN")
          .doesNotContain("renderowl-local-secret");

      // Our meters reach the scrape through Micrometer's global registry, and the SDK reports its
      // worker and client metrics (long polls of the render queue) every 10 s.
      RenderowlMeters.global().batchRows("started", 0);
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofSeconds(2))
          .untilAsserted(() ->
              assertThat(get(port, "/actuator/prometheus").body())
                  .contains("renderowl_batch_rows_total{")
                  .contains("role=\"render\"")
                  .contains("temporal_worker_start_total")
                  .contains("jvm_memory_used_bytes"));
    }
  }

  @Test
  void aStartedRunCarriesItsSearchAttributesMemoAndSummaryInTheDevServer() throws Exception {
    Path cli = Path.of("..", ".owl", "bin", "temporal").toAbsolutePath();
    assumeThat(Files.isExecutable(cli))
        .as("no Temporal CLI at %s: run infra/scripts/build-temporal-cli.sh", cli)
        .isTrue();
    System.setProperty("RENDEROWL_TEMPORAL_SERVER", "dev");
    System.setProperty("RENDEROWL_TEMPORAL_CLI", cli.toString());
    System.setProperty("RENDEROWL_TEMPORAL_PORT", Integer.toString(freePort()));
    System.setProperty("RENDEROWL_TEMPORAL_UI_PORT", Integer.toString(freePort()));
    // No permit gate: the run is only started, no worker takes it.
    System.setProperty("RENDEROWL_MAX_RUNS", "0");
    System.setProperty("RENDEROWL_MAX_RUNS_PER_USER", "0");
    try (ConfigurableApplicationContext ctx =
        OwlApplication.start(OwlApplication.Mode.CLIENT, Map.of())) {
      String user = ctx.getBean(LocalUser.class).id().toString();
      StartedRun run =
          ctx.getBean(PipelineRuns.class)
              .start(
                  new PipelineRequest(
                      user,
                      "Why owls fly silently",
                      Aspect.parse("16:9"),
                      20,
                      "en",
                      List.of("local-folder"),
                      "batch:b-42:7",
                      null,
                      null,
                      null));
      String address = ctx.getBean(io.renderowl.infra.stack.StackEndpoints.class).temporalAddress();
      WorkflowServiceStubs stubs =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
      try {
        DescribeWorkflowExecutionResponse described =
            stubs
                .blockingStub()
                .describeWorkflowExecution(
                    DescribeWorkflowExecutionRequest.newBuilder()
                        .setNamespace("default")
                        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(run.runId()))
                        .build());
        Map<String, Payload> attributes =
            described.getWorkflowExecutionInfo().getSearchAttributes().getIndexedFieldsMap();
        assertThat(text(attributes.get(PipelineSearchAttributes.USER.getName()))).contains(user);
        assertThat(text(attributes.get(PipelineSearchAttributes.BATCH.getName()))).contains("b-42");
        assertThat(text(attributes.get(PipelineSearchAttributes.PLATFORM.getName())))
            .contains("local-folder");
        assertThat(text(attributes.get(PipelineSearchAttributes.STAGE.getName())))
            .contains("queued");
        assertThat(text(described.getWorkflowExecutionInfo().getMemo().getFieldsMap().get("topic")))
            .contains("Why owls fly silently");
        assertThat(text(described.getExecutionConfig().getUserMetadata().getSummary()))
            .contains("Video \\\"Why owls fly silently\\\" 16:9 20 s -> local-folder (batch b-42)");
      } finally {
        stubs.shutdownNow();
      }
    }
  }

  private static String text(Payload payload) {
    assertThat(payload).as("payload").isNotNull();
    return payload.getData().toString(StandardCharsets.UTF_8);
  }

  private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(20))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
