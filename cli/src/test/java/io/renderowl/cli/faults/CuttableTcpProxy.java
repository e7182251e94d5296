package io.renderowl.cli.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback TCP proxy in front of a server that can be cut (every open connection closed, new ones
 * refused: the port is closed) and restored on the same port, as a server's restart looks to its
 * clients.
 */
final class CuttableTcpProxy implements AutoCloseable {
  private final int target;
  private final int port;
  private final List<Socket> open = new ArrayList<>();
  private ServerSocket server;

  CuttableTcpProxy(int target) throws IOException {
    this.target = target;
    this.server = bind(0);
    this.port = server.getLocalPort();
    accept(server);
  }

  int port() {
    return port;
  }

  /** Closes the port and every connection through it. */
  synchronized void cut() throws IOException {
    server.close();
    for (Socket s : open) {
      s.close();
    }
    open.clear();
  }

  /** Listens again on the same port. */
  synchronized void restore() throws IOException {
    server = bind(port);
    accept(server);
  }

  private static ServerSocket bind(int port) throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
    return s;
  }

  private void accept(ServerSocket listening) {
    Thread.ofVirtual()
        .name("proxy-accept-" + port)
        .start(() -> {
          while (!listening.isClosed()) {
            try {
              Socket client = listening.accept();
              Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
              synchronized (this) {
                open.add(client);
                open.add(upstream);
              }
              pump(client, upstream);
              pump(upstream, client);
            } catch (IOException e) {
              // closed by cut(), or the target refused: the client sees its connection end
            }
          }
        });
  }

  private static void pump(Socket from, Socket to) {
    Thread.ofVirtual()
        .start(() -> {
          try (InputStream in = from.getInputStream();
              OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
          } catch (IOException e) {
            // one side closed
          } finally {
            try {
              from.close();
              to.close();
            } catch (IOException e) {
              // already closed
            }
          }
        });
  }

  @Override
  public void close() throws IOException {
    cut();
  }
}
