package io.renderowl.infra.net;

import java.net.http.HttpClient;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A {@link HttpClient} built on its first use and shut down by {@link #close()}.
 *
 * <p>Every {@code HttpClient} starts a selector thread as it is built, and that thread waits in
 * native code; a JVM that exits while any thread is in native code waits up to 0.3 s for it
 * (HotSpot's exit), so each client a command built and never closed made that command's exit 0.3 s
 * longer, whether it sent a request or not. Most commands never call the platforms, providers,
 * payment or webhook endpoints these clients serve: built lazily, they start no thread; closed with
 * their owner, they leave none behind.
 */
public final class LazyHttpClient implements AutoCloseable {
  private final Supplier<HttpClient> build;
  private @Nullable HttpClient client;

  /**
   * @param build makes the client (called once, on the first {@link #get()}, and again after a
   *     {@link #close()})
   */
  public LazyHttpClient(Supplier<HttpClient> build) {
    this.build = build;
  }

  /** The client, built now if not yet. */
  public synchronized HttpClient get() {
    if (client == null) {
      client = build.get();
    }
    return client;
  }

  /** Whether a client was built and not closed since. */
  public synchronized boolean built() {
    return client != null;
  }

  /** Stops the client's exchanges in flight and its selector thread, if one was built. */
  @Override
  public synchronized void close() {
    if (client != null) {
      client.shutdownNow();
      client = null;
    }
  }
}
