package io.renderowl.infra.temporal;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.renderowl.infra.stack.StackEndpoints;
import io.renderowl.infra.tracing.Tracing;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** gRPC stubs and the workflow client for the configured Temporal frontend and namespace. */
public final class TemporalConnection implements AutoCloseable {
  /** How often the SDK's metrics scope flushes to Micrometer. */
  private static final int REPORT_EVERY_SECONDS = 10;

  /** Event-loop threads of the connection's gRPC channel. */
  private static final int TRANSPORT_THREADS = 2;

  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;
  private final boolean searchAttributes;
  private final EventLoopGroup transport;

  private TemporalConnection(
      WorkflowServiceStubs stubs,
      WorkflowClient client,
      boolean searchAttributes,
      EventLoopGroup transport) {
    this.stubs = stubs;
    this.client = client;
    this.searchAttributes = searchAttributes;
    this.transport = transport;
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
    // The channel's own event loops, stopped by close(): gRPC's shared ones outlive the channel by
    // a second, waiting in epoll, and a JVM exiting while a thread waits in native code waits up
    // to 0.3 s for it (every command's exit was that much longer).
    // epoll where Netty's native transport loads (as gRPC's own loops), NIO elsewhere
    boolean epoll = Epoll.isAvailable();
    EventLoopGroup transport =
        new MultiThreadIoEventLoopGroup(
            TRANSPORT_THREADS,
            new DefaultThreadFactory("temporal-grpc", true),
            epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    Class<? extends Channel> channelType =
        epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    WorkflowServiceStubsOptions.Builder options =
        WorkflowServiceStubsOptions.newBuilder()
            .setTarget(endpoints.temporalAddress())
            .setChannelInitializer(builder -> {
              if (builder instanceof NettyChannelBuilder netty) {
                netty.eventLoopGroup(transport).channelType(channelType);
              }
            });
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
    return new TemporalConnection(stubs, client, endpoints.searchAttributes(), transport);
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

  /** Closes the channel (waiting up to 2 s for calls in flight), then its event loops. */
  @Override
  public void close() {
    stubs.shutdown();
    stubs.awaitTermination(2, TimeUnit.SECONDS);
    transport.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
  }
}
