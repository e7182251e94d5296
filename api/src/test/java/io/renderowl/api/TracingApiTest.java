package io.renderowl.api;

import static io.renderowl.api.InMemoryApiApplication.ALICE_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

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
import io.renderowl.infra.tracing.Tracing;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The API's request span, through the registered filter of the running application. */
@SpringBootTest(
    classes = InMemoryApiApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Timeout(value = 2, unit = TimeUnit.MINUTES) // starts the API on in-memory runs; seconds
class TracingApiTest {

  private static final InMemorySpanExporter EXPORTER = InMemorySpanExporter.create();
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static @Nullable Tracing previous;
  private static @Nullable OpenTelemetrySdk sdk;

  @LocalServerPort int port;

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

  @Test
  void aPipelineStartIsOneServerSpanWithItsRouteStatusAndRequestIdInTheCallersTrace() {
    EXPORTER.reset();
    Reply reply =
        new ApiClient(port)
            .post(
                "/api/v1/pipelines",
                "{\"topic\": \"Why owls fly silently\"}",
                "Authorization",
                "Bearer " + ALICE_TOKEN,
                "Content-Type",
                "application/json",
                "Idempotency-Key",
                ApiClient.uniqueKey(),
                "traceparent",
                "00-" + TRACE_ID + "-00f067aa0ba902b7-01");
    assertThat(reply.status()).isEqualTo(202);

    List<SpanData> spans = EXPORTER.getFinishedSpanItems();
    assertThat(spans).hasSize(1);
    SpanData span = spans.get(0);
    assertThat(span.getName()).isEqualTo("POST /api/v1/pipelines");
    assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(span.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
    assertThat(span.getAttributes().get(AttributeKey.longKey("http.response.status_code")))
        .isEqualTo(202L);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("renderowl.request_id")))
        .isEqualTo(reply.header("X-Request-Id"));
  }
}
