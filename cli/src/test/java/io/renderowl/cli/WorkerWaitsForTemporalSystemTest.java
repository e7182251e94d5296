package io.renderowl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.renderowl.workflows.RunPermitsWorkflow;
import io.renderowl.workflows.TaskQueues;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A worker started before its Temporal frontend: it keeps running, unready and saying what it waits
 * for, and once the dev server is started on that address it starts the permit gate and polls its
 * task queues.
 */
@Tag("system")
@Timeout(value = 6, unit = TimeUnit.MINUTES) // embedded stack + a dev server start, loaded machine
class WorkerWaitsForTemporalSystemTest {
  private static final List<String> PROPERTIES =
      List.of(
          "RENDEROWL_HOME",
          "RENDEROWL_TEMPORAL_ADDRESS",
          "RENDEROWL_MANAGEMENT_PORT",
          "RENDEROWL_SCRIPT_PROVIDER",
          "RENDEROWL_VISUAL_PROVIDERS",
          "RENDEROWL_VOICE_PROVIDER",
          "RENDEROWL_MAX_RUNS",
          "RENDEROWL_MAX_RUNS_PER_USER");

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path home;
  private Process devServer;

  @AfterEach
  void stopTheDevServerAndClearTheProperties() throws InterruptedException {
    if (devServer != null) {
      devServer.destroy();
      if (!devServer.waitFor(20, TimeUnit.SECONDS)) {
        devServer.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    PROPERTIES.forEach(System::clearProperty);
  }

  @Test
  void aWorkerStartedBeforeTemporalWaitsUnreadyAndPollsOnceTheFrontendAnswers() throws Exception {
    Path cli = Path.of("..", ".owl", "bin", "temporal").toAbsolutePath();
    assumeThat(Files.isExecutable(cli))
        .as("no Temporal CLI at %s: run infra/scripts/build-temporal-cli.sh", cli)
        .isTrue();
    int temporalPort = freePort();
    String address = "127.0.0.1:" + temporalPort;
    System.setProperty("RENDEROWL_HOME", home.resolve("worker").toString());
    System.setProperty("RENDEROWL_TEMPORAL_ADDRESS", address);
    System.setProperty("RENDEROWL_MANAGEMENT_PORT", "0");
    System.setProperty("RENDEROWL_SCRIPT_PROVIDER", "offline");
    System.setProperty("RENDEROWL_VISUAL_PROVIDERS", "procedural");
    System.setProperty("RENDEROWL_VOICE_PROVIDER", "espeak");
    // a cap, so that the permit gate must be started on Temporal before runs can take permits
    System.setProperty("RENDEROWL_MAX_RUNS", "4");
    System.setProperty("RENDEROWL_MAX_RUNS_PER_USER", "0");

    // Nothing listens on the address yet: the worker starts anyway.
    try (ConfigurableApplicationContext ctx =
        OwlApplication.start(OwlApplication.Mode.WORKER, Map.of())) {
      int port = OwlApplication.managementPort(ctx);
      HttpResponse<String> liveness = get(port, "/actuator/health/liveness");
      assertThat(liveness.statusCode()).isEqualTo(200);
      HttpResponse<String> unready = get(port, "/actuator/health/readiness");
      assertThat(unready.statusCode()).isEqualTo(503);
      assertThat(unready.body())
          .contains("\"temporalStartup\"")
          .contains("the pipeline workers (DescribeNamespace)")
          .contains("failed_attempts")
          .contains("next_try_s");

      devServer =
          new ProcessBuilder(
                  cli.toString(),
                  "server",
                  "start-dev",
                  "--ip",
                  "127.0.0.1",
                  "--port",
                  Integer.toString(temporalPort),
                  "--headless",
                  "--db-filename",
                  home.resolve("temporal.db").toString(),
                  "--namespace",
                  "default",
                  "--log-level",
                  "warn",
                  "--dynamic-config-value",
                  "frontend.enableServerVersionCheck=false")
              .redirectErrorStream(true)
              .redirectOutput(home.resolve("temporal.log").toFile())
              .start();

      WorkflowServiceStubs stubs =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
      try {
        // the dev server comes up, the backoff (at most 30 s) runs out, the worker polls; when it
        // does not, the failure carries the dev server's own log (a port taken by another process
        // in between, a slow start on a loaded machine) instead of only the client's view
        try {
          await()
              .atMost(Duration.ofMinutes(4))
              .pollInterval(Duration.ofSeconds(2))
              .failFast("the dev server exited", () -> !devServer.isAlive())
              .ignoreExceptions()
              .untilAsserted(() -> {
                assertThat(
                        pollers(stubs, TaskQueues.PIPELINE, TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW))
                    .isPositive();
                assertThat(
                        pollers(
                            stubs, TaskQueues.RENDER_CPU, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY))
                    .isPositive();
              });
        } catch (RuntimeException | AssertionError e) {
          throw new AssertionError(
              e.getMessage()
                  + "\ndev server log ("
                  + address
                  + "):\n"
                  + tail(home.resolve("temporal.log")),
              e);
        }
        // the gate starts right after the workers poll (the next start-up step)
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(500))
            .ignoreExceptions()
            .untilAsserted(() ->
                assertThat(
                        stubs
                            .blockingStub()
                            .describeWorkflowExecution(
                                DescribeWorkflowExecutionRequest.newBuilder()
                                    .setNamespace("default")
                                    .setExecution(
                                        WorkflowExecution.newBuilder()
                                            .setWorkflowId(RunPermitsWorkflow.ID))
                                    .build())
                            .getWorkflowExecutionInfo()
                            .getStatus())
                    .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING));
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofSeconds(1))
            .untilAsserted(() -> {
              HttpResponse<String> ready = get(port, "/actuator/health/readiness");
              assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
              assertThat(ready.body()).doesNotContain("DOWN");
            });
      } finally {
        stubs.shutdownNow();
      }
    }
  }

  private static int pollers(WorkflowServiceStubs stubs, String queue, TaskQueueType type) {
    return stubs
        .blockingStub()
        .withDeadlineAfter(5, TimeUnit.SECONDS)
        .describeTaskQueue(
            DescribeTaskQueueRequest.newBuilder()
                .setNamespace("default")
                .setTaskQueue(TaskQueue.newBuilder().setName(queue))
                .setTaskQueueType(type)
                .build())
        .getPollersCount();
  }

  private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(20))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
