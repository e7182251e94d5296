package io.renderowl.infra.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.instrumentation.jdbc.datasource.OpenTelemetryDataSource;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.io.PrintWriter;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Spans of our own store calls: on, child client spans; off, the calls themselves, untouched. */
class StoreSpansTest {

  private static final Attributes REDIS =
      Attributes.of(AttributeKey.stringKey("db.system.name"), "redis");

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final OpenTelemetrySdk sdk =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                  .build())
          .build();

  @AfterEach
  void close() {
    sdk.close();
  }

  @Test
  void offTheDataSourceIsThePoolItselfAndACallRunsWithoutASpan() throws Exception {
    DataSource pool = new NoDataSource();
    assertThat(Tracing.off().dataSource(pool)).isSameAs(pool);
    AtomicReference<Span> current = new AtomicReference<>();
    String answer =
        Tracing.off()
            .client(
                "Redis rate-limit",
                REDIS,
                () -> {
                  current.set(Span.current());
                  return "ok";
                });
    assertThat(answer).isEqualTo("ok");
    assertThat(current.get().getSpanContext().isValid()).isFalse();
  }

  @Test
  void onTheDataSourceIsOpenTelemetrysJdbcWrapperOverThePool() throws Exception {
    DataSource pool = new NoDataSource();
    DataSource traced = Tracing.of(sdk).dataSource(pool);
    assertThat(traced).isInstanceOf(OpenTelemetryDataSource.class);
    assertThat(traced.unwrap(NoDataSource.class)).isSameAs(pool);
  }

  @Test
  void onACallIsAClientSpanUnderTheCurrentSpanWithItsFailureRecorded() throws Exception {
    Tracing on = Tracing.of(sdk);
    Span parent = sdk.getTracer("test").spanBuilder("GET /api/v1/credits/balance").startSpan();
    try (Scope ignored = parent.makeCurrent()) {
      assertThat(on.client("Redis rate-limit", REDIS, () -> 42)).isEqualTo(42);
      assertThatThrownBy(() ->
              on.client(
                  "S3 upload",
                  Attributes.empty(),
                  () -> {
                    throw new IOException("connection refused");
                  }))
          .isInstanceOf(IOException.class)
          .hasMessage("connection refused");
    } finally {
      parent.end();
    }
    List<SpanData> spans = exporter.getFinishedSpanItems();
    SpanData redis =
        spans.stream()
            .filter(s -> s.getName().equals("Redis rate-limit"))
            .findFirst()
            .orElseThrow();
    assertThat(redis.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(redis.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
    assertThat(redis.getAttributes().get(AttributeKey.stringKey("db.system.name")))
        .isEqualTo("redis");
    SpanData s3 =
        spans.stream().filter(s -> s.getName().equals("S3 upload")).findFirst().orElseThrow();
    assertThat(s3.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(s3.getEvents()).anySatisfy(e -> assertThat(e.getName()).isEqualTo("exception"));
  }

  /** A DataSource that is never asked for a connection here. */
  private static final class NoDataSource implements DataSource {
    @Override
    public Connection getConnection() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Connection getConnection(String username, String password) {
      throw new UnsupportedOperationException();
    }

    @Override
    public @Nullable PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() {
      return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> type) {
      return type.cast(this);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
      return type.isInstance(this);
    }
  }
}
