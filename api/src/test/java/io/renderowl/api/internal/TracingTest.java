package io.renderowl.api.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.renderowl.infra.tracing.Tracing;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * One trace from the API request (the real {@link TracingFilter}) through the workflow start to the
 * workflow and each activity, by the interceptors {@link Tracing} gives the client and the workers,
 * on the Temporal test server; OTLP export only when OTEL_EXPORTER_OTLP_ENDPOINT is set.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class TracingTest {

  private static final String QUEUE = "tracing-test";
  private static final AttributeKey<String> RUN_ID = AttributeKey.stringKey("runId");
  private static final AttributeKey<String> WORKFLOW_ID = AttributeKey.stringKey("workflowId");

  @ActivityInterface
  public interface Stages {
    String script(String topic);

    String render(String script);
  }

  @WorkflowInterface
  public interface Pipeline {
    @WorkflowMethod
    String run(String topic);
  }

  public static final class StagesImpl implements Stages {
    @Override
    public String script(String topic) {
      return "script of " + topic;
    }

    @Override
    public String render(String script) {
      return "video of " + script;
    }
  }

  public static final class PipelineImpl implements Pipeline {
    private final Stages stages =
        Workflow.newActivityStub(
            Stages.class,
            ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build());

    @Override
    public String run(String topic) {
      return stages.render(stages.script(topic));
    }
  }

  @Test
  void oneTraceFromTheRequestThroughTheWorkflowStartToEachActivity() throws Exception {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                    .build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
    Tracing tracing = Tracing.of(sdk);
    TestWorkflowEnvironment env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(
                    WorkflowClientOptions.newBuilder()
                        .setInterceptors(tracing.clientInterceptors())
                        .build())
                .setWorkerFactoryOptions(
                    WorkerFactoryOptions.newBuilder()
                        .setWorkerInterceptors(tracing.workerInterceptors())
                        .build())
                .build());
    try {
      Worker worker = env.newWorker(QUEUE);
      worker.registerWorkflowImplementationTypes(PipelineImpl.class);
      worker.registerActivitiesImplementations(new StagesImpl());
      env.start();
      WorkflowClient client = env.getWorkflowClient();

      AtomicReference<String> runId = new AtomicReference<>();
      MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/pipelines");
      new TracingFilter(() -> tracing)
          .doFilter(
              request,
              new MockHttpServletResponse(),
              (req, res) -> {
                Pipeline stub =
                    client.newWorkflowStub(
                        Pipeline.class,
                        WorkflowOptions.newBuilder()
                            .setWorkflowId("run-tracing-test")
                            .setTaskQueue(QUEUE)
                            .build());
                runId.set(WorkflowClient.start(stub::run, "owls").getRunId());
              });
      String result =
          client
              .newUntypedWorkflowStub("run-tracing-test")
              .getResult(30, TimeUnit.SECONDS, String.class);
      assertThat(result).isEqualTo("video of script of owls");

      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> exporter.getFinishedSpanItems().stream().anyMatch(named("RunActivity:Render")));
      List<SpanData> spans = exporter.getFinishedSpanItems();
      SpanData api = only(spans, "POST /api/v1/pipelines");
      SpanData start = only(spans, "StartWorkflow:Pipeline");
      SpanData run = only(spans, "RunWorkflow:Pipeline");
      assertThat(api.getKind()).isEqualTo(SpanKind.SERVER);
      assertThat(api.getParentSpanContext().isValid()).isFalse();
      assertThat(spans)
          .allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(api.getTraceId()))
          .hasSizeGreaterThanOrEqualTo(7);
      assertThat(start.getParentSpanId()).isEqualTo(api.getSpanId());
      assertThat(start.getAttributes().get(WORKFLOW_ID)).isEqualTo("run-tracing-test");
      assertThat(run.getParentSpanId()).isEqualTo(start.getSpanId());
      assertThat(run.getAttributes().get(RUN_ID)).isEqualTo(runId.get());
      for (String activity : List.of("Script", "Render")) {
        SpanData scheduled = only(spans, "StartActivity:" + activity);
        SpanData ran = only(spans, "RunActivity:" + activity);
        assertThat(scheduled.getParentSpanId()).isEqualTo(run.getSpanId());
        assertThat(ran.getParentSpanId()).isEqualTo(scheduled.getSpanId());
        assertThat(ran.getAttributes().get(RUN_ID)).isEqualTo(runId.get());
        assertThat(ran.getAttributes().get(WORKFLOW_ID)).isEqualTo("run-tracing-test");
      }
    } finally {
      env.close();
      sdk.close();
    }
  }

  @Test
  void withoutAnEndpointTracingIsOffAndAddsNothing() throws Exception {
    Tracing off = Tracing.fromEnvironment(Map.of("OTEL_SERVICE_NAME", "ignored"), "renderowl-api");
    assertThat(off.enabled()).isFalse();
    assertThat(off.clientInterceptors()).isEmpty();
    assertThat(off.workerInterceptors()).isEmpty();
    AtomicReference<Span> seen = new AtomicReference<>();
    new TracingFilter(() -> off)
        .doFilter(
            new MockHttpServletRequest("POST", "/api/v1/pipelines"),
            new MockHttpServletResponse(),
            (req, res) -> seen.set(Span.current()));
    assertThat(seen.get().getSpanContext().isValid()).isFalse();
    assertThat(off.openTelemetry().getTracer("t").spanBuilder("s").startSpan().isRecording())
        .isFalse();
  }

  @Test
  void withAnEndpointSpansGoToTheCollectorByOtlp() throws Exception {
    WireMockServer collector = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    collector.start();
    try {
      collector.stubFor(post(urlEqualTo("/v1/traces")).willReturn(aResponse().withStatus(200)));
      Tracing on =
          Tracing.fromEnvironment(
              Map.of(
                  "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + collector.port(),
                  "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                  "OTEL_BSP_SCHEDULE_DELAY", "50"),
              "renderowl-api");
      assertThat(on.enabled()).isTrue();
      assertThat(on.clientInterceptors()).hasSize(1);
      AtomicReference<Span> seen = new AtomicReference<>();
      new TracingFilter(() -> on)
          .doFilter(
              new MockHttpServletRequest("GET", "/api/v1/pipelines"),
              new MockHttpServletResponse(),
              (req, res) -> seen.set(Span.current()));
      assertThat(seen.get().getSpanContext().isValid()).isTrue();
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() ->
              assertThat(collector.findAll(postRequestedFor(urlEqualTo("/v1/traces"))))
                  .isNotEmpty());
      byte[] body = collector.findAll(postRequestedFor(urlEqualTo("/v1/traces"))).get(0).getBody();
      String text = new String(body, java.nio.charset.StandardCharsets.ISO_8859_1);
      assertThat(text).contains("renderowl-api").contains("GET /api/v1/pipelines");
    } finally {
      collector.stop();
    }
  }

  private static java.util.function.Predicate<SpanData> named(String name) {
    return s -> s.getName().equals(name);
  }

  private static SpanData only(List<SpanData> spans, String name) {
    List<SpanData> matching = spans.stream().filter(named(name)).toList();
    assertThat(matching).as("spans named %s in %s", name, spans).hasSize(1);
    return matching.get(0);
  }
}
