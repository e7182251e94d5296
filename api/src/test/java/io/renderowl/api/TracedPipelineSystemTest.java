package io.renderowl.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.renderowl.api.ApiClient.Reply;
import io.renderowl.apisystem.EngineApiTestApplication;
import io.renderowl.infra.tracing.Tracing;
import io.renderowl.infra.users.LocalUser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Tracing over the real engine (embedded PostgreSQL, Redis, S3Proxy, the in-process Temporal
 * server, the workers, offline providers): a pipeline posted to the API is one trace from the
 * request's server span through the workflow start, every stage's activities, the render child's
 * chunks and join, to publishing; our own JDBC, Redis and S3 calls are client spans in it. Spans go
 * to memory through the same {@link Tracing} the application uses when OTEL_EXPORTER_OTLP_ENDPOINT
 * is set (the export itself is TracingTest's and OtlpGrpcExportTest's).
 */
@Tag("system")
// a fresh application with tracing on, closed after the class (the state folder is locked)
@DirtiesContext
@SpringBootTest(
    classes = EngineApiTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Timeout(value = 10, unit = TimeUnit.MINUTES) // one real 10 s run: minutes on a loaded machine
class TracedPipelineSystemTest {

  private static final InMemorySpanExporter EXPORTER = InMemorySpanExporter.create();
  private static final Duration RUN_LIMIT = Duration.ofMinutes(8);
  private static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system");
  private static final AttributeKey<String> DB_SYSTEM_NAME =
      AttributeKey.stringKey("db.system.name");
  private static final AttributeKey<String> RPC_SERVICE = AttributeKey.stringKey("rpc.service");

  /** Every stage's activities, as Temporal names their types. */
  private static final List<String> STAGE_ACTIVITIES =
      List.of(
          "WriteScript",
          "PlanScenes",
          "SourceVisual",
          "Narrate",
          "AssembleTimeline",
          "PrepareRender",
          "RenderChunk",
          "JoinRender",
          "Publish");

  private static @Nullable Tracing previous;
  private static @Nullable OpenTelemetrySdk sdk;

  @DynamicPropertySource
  static void engine(DynamicPropertyRegistry registry) {
    EngineApiTestApplication.properties(registry);
    // two chunks for 300 frames: the render's fan-out is in the trace
    registry.add("RENDEROWL_RENDER_CHUNK_FRAMES", () -> "150");
  }

  @BeforeAll
  static void traceIntoMemory() {
    sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(EXPORTER))
                    .build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
    previous = Tracing.setGlobal(Tracing.of(sdk));
  }

  @AfterAll
  static void restore() {
    Tracing.setGlobal(previous);
    if (sdk != null) {
      sdk.close();
    }
  }

  @LocalServerPort int port;
  @Autowired LocalUser localUser;

  @Test
  void aPipelineIsOneTraceFromTheRequestThroughEveryStageWithOurStoreCallsInIt() {
    ApiClient api = new ApiClient(port);
    String auth = "Bearer " + localUser.apiKey();
    Reply accepted =
        api.post(
            "/api/v1/pipelines",
            "{\"topic\": \"Why owls fly silently\", \"aspect\": \"1:1\", \"duration\": 10}",
            "Authorization",
            auth,
            "Content-Type",
            "application/json",
            "Idempotency-Key",
            ApiClient.uniqueKey());
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    String runId = accepted.text("/data/id");

    await()
        .atMost(RUN_LIMIT)
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () -> api.get("/api/v1/pipelines/" + runId, "Authorization", auth).text("/data/status"),
            status -> status.equals("completed") || status.equals("failed"));
    Reply done = api.get("/api/v1/pipelines/" + runId, "Authorization", auth);
    assertThat(done.text("/data/status")).as(done.body()).isEqualTo("completed");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> EXPORTER.getFinishedSpanItems().stream().anyMatch(named("RunActivity:Publish")));

    List<SpanData> spans = EXPORTER.getFinishedSpanItems();
    SpanData request =
        spans.stream()
            .filter(s -> s.getName().equals("POST /api/v1/pipelines"))
            .filter(s -> s.getKind() == SpanKind.SERVER)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no server span of the POST in " + names(spans)));
    assertThat(request.getParentSpanContext().isValid()).isFalse();
    List<SpanData> trace =
        spans.stream().filter(s -> s.getTraceId().equals(request.getTraceId())).toList();
    Map<String, SpanData> byId =
        trace.stream().collect(Collectors.toMap(SpanData::getSpanId, Function.identity()));

    System.out.printf(
        "trace %s of run %s: %d spans: %s%n",
        request.getTraceId(),
        runId,
        trace.size(),
        trace.stream()
            .collect(
                Collectors.groupingBy(
                    SpanData::getName, java.util.TreeMap::new, Collectors.counting())));

    // The workflow start is the request's child, the workflow run the start's.
    SpanData start = only(trace, "StartWorkflow:VideoPipelineWorkflow");
    assertThat(start.getParentSpanId()).isEqualTo(request.getSpanId());
    SpanData pipeline = only(trace, "RunWorkflow:VideoPipelineWorkflow");
    assertThat(pipeline.getParentSpanId()).isEqualTo(start.getSpanId());

    // Every stage's activity ran in this trace: scheduled by a workflow run, run under that.
    for (String activity : STAGE_ACTIVITIES) {
      List<SpanData> ran = all(trace, "RunActivity:" + activity);
      assertThat(ran).as("RunActivity:%s in %s", activity, names(trace)).isNotEmpty();
      for (SpanData run : ran) {
        SpanData scheduled = byId.get(run.getParentSpanId());
        assertThat(scheduled).as("parent of %s", run.getName()).isNotNull();
        assertThat(Objects.requireNonNull(scheduled).getName())
            .isEqualTo("StartActivity:" + activity);
        SpanData workflow = byId.get(scheduled.getParentSpanId());
        assertThat(workflow).as("parent of %s", scheduled.getName()).isNotNull();
        assertThat(Objects.requireNonNull(workflow).getName()).startsWith("RunWorkflow:");
        assertThat(chainToRoot(run, byId)).endsWith(request.getName());
      }
    }
    // The render is a child workflow of the pipeline; its two chunks are its activities.
    SpanData render = only(trace, "RunWorkflow:RenderWorkflow");
    assertThat(chainToRoot(render, byId))
        .containsSubsequence(
            "RunWorkflow:RenderWorkflow",
            "StartChildWorkflow:RenderWorkflow",
            "RunWorkflow:VideoPipelineWorkflow",
            "StartWorkflow:VideoPipelineWorkflow",
            "POST /api/v1/pipelines");
    assertThat(all(trace, "RunActivity:RenderChunk"))
        .hasSizeGreaterThanOrEqualTo(2)
        .allSatisfy(chunk -> assertThat(chainToRoot(chunk, byId)).contains(render.getName()));

    // Our own store calls: JDBC under the request (the run's row) and under the stages, S3 under
    // the stages that store their output.
    assertThat(trace)
        .anySatisfy(s -> {
          assertThat(isJdbc(s)).isTrue();
          assertThat(s.getParentSpanId()).isEqualTo(request.getSpanId());
        });
    assertThat(trace)
        .anySatisfy(s -> {
          assertThat(s.getAttributes().get(RPC_SERVICE)).isEqualTo("S3");
          assertThat(s.getKind()).isEqualTo(SpanKind.CLIENT);
          assertThat(chainToRoot(s, byId)).anyMatch(name -> name.startsWith("RunActivity:"));
        });
  }

  @Test
  void aTracedReadShowsItsDatabaseAndRedisCallsAsChildSpans() {
    ApiClient api = new ApiClient(port);
    EXPORTER.reset();
    Reply reply =
        api.get(
            "/api/v1/credits/balance",
            "Authorization",
            "Bearer " + localUser.apiKey(),
            "traceparent",
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> EXPORTER.getFinishedSpanItems().stream().anyMatch(this::isServer));
    List<SpanData> spans = EXPORTER.getFinishedSpanItems();
    SpanData request = spans.stream().filter(this::isServer).findFirst().orElseThrow();
    assertThat(request.getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
    List<SpanData> children =
        spans.stream().filter(s -> s.getParentSpanId().equals(request.getSpanId())).toList();
    assertThat(children)
        .as("children of %s: %s", request.getName(), names(children))
        .anySatisfy(s -> {
          assertThat(isJdbc(s)).isTrue();
          assertThat(s.getKind()).isEqualTo(SpanKind.CLIENT);
        })
        // the per-user rate limit's bucket in Redis
        .anySatisfy(s -> {
          assertThat(s.getName()).isEqualTo("Redis rate-limit");
          assertThat(s.getAttributes().get(DB_SYSTEM_NAME)).isEqualTo("redis");
          assertThat(s.getKind()).isEqualTo(SpanKind.CLIENT);
        });
    // a JDBC span carries its statement with the values left as placeholders: no user id, no key
    assertThat(children.stream().filter(TracedPipelineSystemTest::isJdbc).map(this::statement))
        .allSatisfy(sql ->
            assertThat(sql)
                .isNotBlank()
                .doesNotContain(localUser.id().toString())
                .doesNotContain(localUser.apiKey()));
  }

  private boolean isServer(SpanData span) {
    return span.getKind() == SpanKind.SERVER
        && span.getName().equals("GET /api/v1/credits/balance");
  }

  private String statement(SpanData span) {
    String stable = span.getAttributes().get(AttributeKey.stringKey("db.query.text"));
    return stable != null
        ? stable
        : Objects.requireNonNullElse(
            span.getAttributes().get(AttributeKey.stringKey("db.statement")), "");
  }

  private static boolean isJdbc(SpanData span) {
    return "postgresql".equals(span.getAttributes().get(DB_SYSTEM))
        || "postgresql".equals(span.getAttributes().get(DB_SYSTEM_NAME));
  }

  /** The names from {@code span} up to the root, following parent links. */
  private static List<String> chainToRoot(SpanData span, Map<String, SpanData> byId) {
    List<String> chain = new ArrayList<>();
    SpanData current = span;
    while (current != null && chain.size() < 100) {
      chain.add(current.getName());
      current = byId.get(current.getParentSpanId());
    }
    return chain;
  }

  private static java.util.function.Predicate<SpanData> named(String name) {
    return s -> s.getName().equals(name);
  }

  private static List<SpanData> all(List<SpanData> spans, String name) {
    return spans.stream().filter(named(name)).toList();
  }

  private static SpanData only(List<SpanData> spans, String name) {
    List<SpanData> matching = all(spans, name);
    assertThat(matching).as("spans named %s in %s", name, names(spans)).hasSize(1);
    return matching.get(0);
  }

  private static List<String> names(List<SpanData> spans) {
    return spans.stream().map(SpanData::getName).distinct().toList();
  }
}
