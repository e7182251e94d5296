package io.renderowl.infra.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.opentelemetry.api.trace.Span;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The default export path (OTLP over gRPC, OTEL_EXPORTER_OTLP_PROTOCOL unset) against a loopback
 * collector: a gRPC server answering {@code
 * opentelemetry.proto.collector.trace.v1.TraceService/Export} (the method of the OTLP
 * specification), keeping each request's protobuf bytes.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES) // starts a gRPC server on loopback; seconds
class OtlpGrpcExportTest {

  private static final MethodDescriptor.Marshaller<byte[]> BYTES =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          try {
            return stream.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };

  private static final MethodDescriptor<byte[], byte[]> EXPORT =
      MethodDescriptor.<byte[], byte[]>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName("opentelemetry.proto.collector.trace.v1.TraceService/Export")
          .setRequestMarshaller(BYTES)
          .setResponseMarshaller(BYTES)
          .build();

  @Test
  void spansReachACollectorByOtlpOverGrpcWhenOnlyTheEndpointIsSet() throws Exception {
    List<byte[]> received = new CopyOnWriteArrayList<>();
    Server collector =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(
                ServerServiceDefinition.builder(
                        "opentelemetry.proto.collector.trace.v1.TraceService")
                    .addMethod(
                        EXPORT,
                        ServerCalls.asyncUnaryCall((request, response) -> {
                          received.add(request);
                          // an empty ExportTraceServiceResponse: everything accepted
                          response.onNext(new byte[0]);
                          response.onCompleted();
                        }))
                    .build())
            .build()
            .start();
    try {
      Tracing on =
          Tracing.fromEnvironment(
              Map.of(
                  "OTEL_EXPORTER_OTLP_ENDPOINT",
                  "http://127.0.0.1:" + collector.getPort(),
                  "OTEL_BSP_SCHEDULE_DELAY",
                  "50"),
              "renderowl-worker");
      assertThat(on.enabled()).isTrue();
      Span span =
          on.openTelemetry().getTracer("test").spanBuilder("RunActivity:RenderChunk").startSpan();
      span.end();

      await().atMost(Duration.ofSeconds(30)).until(() -> !received.isEmpty());
      String body = new String(received.get(0), StandardCharsets.ISO_8859_1);
      assertThat(body)
          .contains("renderowl-worker")
          .contains("RunActivity:RenderChunk")
          // the span's trace id, as the 16 raw bytes of the protobuf message
          .contains(
              new String(span.getSpanContext().getTraceIdBytes(), StandardCharsets.ISO_8859_1));
    } finally {
      collector.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
  }
}
