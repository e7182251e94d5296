package io.renderowl.infra.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Loopback port helpers for the embedded servers. */
final class Ports {
  private Ports() {}

  /** Ports this process has handed out: the stack starts its parts on threads of their own. */
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  /**
   * A currently free loopback port, never one this process handed out before: the kernel may give
   * the same free port to two parts asking at the same moment (each closes its probe before its
   * server binds), and the second server then fails with "Address already in use".
   */
  static int free() {
    for (int attempt = 0; attempt < 50; attempt++) {
      try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
        s.setReuseAddress(true);
        if (HANDED_OUT.add(s.getLocalPort())) {
          return s.getLocalPort();
        }
      } catch (IOException e) {
        throw new UncheckedIOException("no free loopback port", e);
      }
    }
    throw new IllegalStateException("no loopback port this process has not handed out already");
  }

  /** Whether this process handed {@code port} out (to one of the stack's parts). */
  static boolean handedOut(int port) {
    return HANDED_OUT.contains(port);
  }

  /**
   * Runs {@code start}, a server's start on a port from {@link #free()}, again when another process
   * took that port between choosing it and binding it (three tries in all).
   */
  static <T> T retryWhenTaken(String server, java.util.function.Supplier<T> start) {
    for (int attempt = 1; ; attempt++) {
      try {
        return start.get();
      } catch (RuntimeException e) {
        if (attempt >= 3 || !portTaken(e)) {
          throw e;
        }
        StackLog.warn("{}: {}; trying another port", server, e.getMessage());
      }
    }
  }

  /** Whether {@code e} or a cause says the port was taken between choosing it and binding it. */
  static boolean portTaken(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.BindException
          || (t.getMessage() != null
              && t.getMessage()
                  .toLowerCase(java.util.Locale.ROOT)
                  .contains("address already in use"))) {
        return true;
      }
    }
    return false;
  }

  /** {@code preferred} when nothing listens there, else a free port. */
  static int preferred(int preferred) {
    return isOpen(preferred) ? free() : preferred;
  }

  /** Whether something accepts connections on the loopback port. */
  static boolean isOpen(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
