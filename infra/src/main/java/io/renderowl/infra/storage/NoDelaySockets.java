package io.renderowl.infra.storage;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Sockets with Nagle's algorithm off (TCP_NODELAY), for the object store's HTTP client. OkHttp
 * leaves Nagle on, and a request it writes in two parts (the headers, then a small body) waited for
 * the server's delayed acknowledgement of the first: measured against the embedded S3 server
 * (2026-12-07), 10 to 12 of 40 uploads of a 150 KB picture took 42-55 ms instead of a few, none
 * with this factory. The other clients (JDBC, Jedis, gRPC, the JDK's HTTP client) already turn
 * Nagle off. For TLS, OkHttp wraps these sockets in its own.
 */
final class NoDelaySockets extends SocketFactory {
  static final NoDelaySockets INSTANCE = new NoDelaySockets();

  private final SocketFactory plain = SocketFactory.getDefault();

  private NoDelaySockets() {}

  @Override
  public Socket createSocket() throws IOException {
    return noDelay(plain.createSocket());
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return noDelay(plain.createSocket(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return noDelay(plain.createSocket(host, port, localHost, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return noDelay(plain.createSocket(host, port));
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return noDelay(plain.createSocket(address, port, localAddress, localPort));
  }

  private static Socket noDelay(Socket socket) throws IOException {
    socket.setTcpNoDelay(true);
    return socket;
  }
}
