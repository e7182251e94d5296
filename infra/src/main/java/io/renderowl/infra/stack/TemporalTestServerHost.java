package io.renderowl.infra.stack;

import io.temporal.testserver.TestServer;

/**
 * The Java SDK's in-process Temporal test server on a loopback port (real gRPC). The fallback when
 * no Temporal CLI is available: it keeps nothing across restarts, cannot list workflows, has no Web
 * UI and no search attributes.
 */
final class TemporalTestServerHost implements AutoCloseable {
  private final TestServer.PortBoundTestServer server;
  private final int port;

  private TemporalTestServerHost(TestServer.PortBoundTestServer server, int port) {
    this.server = server;
    this.port = port;
  }

  static TemporalTestServerHost start() {
    // another process (or a connection's ephemeral port) may take the chosen port before the
    // server binds it: then another port
    return Ports.retryWhenTaken("Temporal test server", TemporalTestServerHost::startOnce);
  }

  private static TemporalTestServerHost startOnce() {
    int port = Ports.free();
    TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port, true);
    StackLog.warn(
        "Temporal: Java SDK in-process test server on 127.0.0.1:{} (fallback: runs do not survive a"
            + " restart of this process, no workflow listing, no Web UI, no search attributes)."
            + " For the real dev server run infra/scripts/build-temporal-cli.sh or put 'temporal' on"
            + " the PATH.",
        port);
    return new TemporalTestServerHost(server, port);
  }

  String address() {
    return "127.0.0.1:" + port;
  }

  @Override
  public void close() {
    server.close();
  }
}
