package io.renderowl.infra.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The object store's HTTP client turns Nagle's algorithm off on every socket it opens, whichever
 * way the socket is made and whether the endpoint speaks TLS or not.
 */
@Timeout(30)
class NoDelaySocketsTest {
  @Test
  void everySocketTheFactoryMakesHasNagleOff() throws Exception {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (ServerSocket server = new ServerSocket(0, 8, loopback)) {
      int port = server.getLocalPort();
      List<Socket> sockets = new ArrayList<>();
      try {
        Socket unconnected = NoDelaySockets.INSTANCE.createSocket();
        sockets.add(unconnected);
        assertThat(unconnected.getTcpNoDelay()).isTrue();
        unconnected.connect(new InetSocketAddress(loopback, port), 5_000);
        assertThat(unconnected.getTcpNoDelay()).isTrue();
        sockets.add(NoDelaySockets.INSTANCE.createSocket(loopback.getHostAddress(), port));
        sockets.add(
            NoDelaySockets.INSTANCE.createSocket(loopback.getHostAddress(), port, loopback, 0));
        sockets.add(NoDelaySockets.INSTANCE.createSocket(loopback, port));
        sockets.add(NoDelaySockets.INSTANCE.createSocket(loopback, port, loopback, 0));
        for (Socket s : sockets) {
          assertThat(s.isConnected()).isTrue();
          assertThat(s.getTcpNoDelay()).isTrue();
        }
      } finally {
        for (Socket s : sockets) {
          s.close();
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:9000", "https://s3.example.com", "HTTP://localhost:1"})
  void theStoresClientUsesThem(String endpoint) throws Exception {
    OkHttpClient client = ObjectStore.httpClient(endpoint);
    assertThat(client.socketFactory()).isSameAs(NoDelaySockets.INSTANCE);
    assertThat(client.retryOnConnectionFailure()).isTrue();
    try (Socket s = client.socketFactory().createSocket()) {
      assertThat(s.getTcpNoDelay()).isTrue();
    }
  }
}
