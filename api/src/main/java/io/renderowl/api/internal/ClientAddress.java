package io.renderowl.api.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * The address a request came from, for per-address limits. Behind a reverse proxy every request
 * comes from the proxy, so the client is read from {@code X-Forwarded-For}, but only when the
 * direct peer is one of the configured trusted proxies (RENDEROWL_TRUSTED_PROXIES, CIDRs): anyone
 * else could write any address there. The header is read from the right (the hop nearest to us),
 * skipping trusted proxies; the first address that is not one is the client.
 */
final class ClientAddress {
  /** An IP literal (v4 or v6): anything else is never resolved (no DNS look-ups here). */
  private static final Pattern IP_LITERAL =
      Pattern.compile("(\\d{1,3}(\\.\\d{1,3}){3})|([0-9A-Fa-f:]*:[0-9A-Fa-f:.]*)");

  private final List<IpAddressMatcher> trusted;

  private ClientAddress(List<IpAddressMatcher> trusted) {
    this.trusted = List.copyOf(trusted);
  }

  /** No trusted proxies: the direct peer is the client. */
  static ClientAddress direct() {
    return new ClientAddress(List.of());
  }

  /**
   * @param cidrs comma-separated addresses or CIDR blocks (e.g. {@code 10.0.0.0/8, ::1}); blank for
   *     none
   * @throws IllegalArgumentException naming the entry that is not an address or CIDR block
   */
  static ClientAddress trusting(@Nullable String cidrs) {
    List<IpAddressMatcher> matchers = new ArrayList<>();
    if (cidrs != null) {
      for (String raw : cidrs.split(",")) {
        String cidr = raw.strip();
        if (cidr.isEmpty()) {
          continue;
        }
        String[] parts = cidr.split("/", -1);
        boolean valid =
            parts.length <= 2
                && IP_LITERAL.matcher(parts[0]).matches()
                && (parts.length == 1 || parts[1].matches("\\d{1,3}"));
        if (!valid) {
          throw new IllegalArgumentException(
              "RENDEROWL_TRUSTED_PROXIES: '"
                  + cidr
                  + "' is not an IP address or CIDR block (e.g. 10.0.0.0/8, 127.0.0.1, ::1)");
        }
        try {
          matchers.add(new IpAddressMatcher(cidr));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "RENDEROWL_TRUSTED_PROXIES: '" + cidr + "' is not valid: " + e.getMessage(), e);
        }
      }
    }
    return new ClientAddress(matchers);
  }

  /** The client's address: the peer, or from X-Forwarded-For when the peer is trusted. */
  String of(HttpServletRequest request) {
    String peer = request.getRemoteAddr();
    if (!isTrusted(peer)) {
      return peer;
    }
    List<String> hops = new ArrayList<>();
    var headers = request.getHeaders("X-Forwarded-For");
    while (headers != null && headers.hasMoreElements()) {
      for (String hop : headers.nextElement().split(",")) {
        hops.add(hop.strip());
      }
    }
    String client = peer;
    for (int i = hops.size() - 1; i >= 0; i--) {
      String hop = hops.get(i);
      if (!IP_LITERAL.matcher(hop).matches()) {
        break; // garbage: the last address we could trust stands
      }
      client = hop;
      if (!isTrusted(hop)) {
        break;
      }
    }
    return client;
  }

  private boolean isTrusted(String address) {
    if (trusted.isEmpty() || !IP_LITERAL.matcher(address).matches()) {
      return false;
    }
    return trusted.stream().anyMatch(m -> m.matches(address));
  }
}
