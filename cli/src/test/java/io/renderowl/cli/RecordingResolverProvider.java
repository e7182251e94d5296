package io.renderowl.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * The JVM's host-name resolver in this module's tests (registered in {@code META-INF/services}):
 * answers as the built-in one does and records every name looked up, and every address looked up in
 * reverse, so a test can tell which hosts the engine tried to reach.
 */
public final class RecordingResolverProvider extends InetAddressResolverProvider {
  private static final List<String> NAMES = new CopyOnWriteArrayList<>();
  private static final List<InetAddress> ADDRESSES = new CopyOnWriteArrayList<>();

  /** Names looked up since the last {@link #clear}. */
  static List<String> names() {
    return List.copyOf(NAMES);
  }

  /** Addresses looked up in reverse since the last {@link #clear}. */
  static List<InetAddress> reverseLookups() {
    return List.copyOf(ADDRESSES);
  }

  static void clear() {
    NAMES.clear();
    ADDRESSES.clear();
  }

  @Override
  public InetAddressResolver get(Configuration configuration) {
    InetAddressResolver builtin = configuration.builtinResolver();
    return new InetAddressResolver() {
      @Override
      public Stream<InetAddress> lookupByName(String host, LookupPolicy policy)
          throws UnknownHostException {
        NAMES.add(host);
        return builtin.lookupByName(host, policy);
      }

      @Override
      public String lookupByAddress(byte[] address) throws UnknownHostException {
        ADDRESSES.add(InetAddress.getByAddress(address));
        return builtin.lookupByAddress(address);
      }
    };
  }

  @Override
  public String name() {
    return "renderowl-test-recording";
  }
}
