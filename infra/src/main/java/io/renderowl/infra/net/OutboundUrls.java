package io.renderowl.infra.net;

import io.renderowl.infra.config.RenderowlSettings;
import java.io.IOException;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one guard of every URL the server fetches on a user's behalf: feeds, asset and music URLs,
 * completion callbacks. A URL is refused, before any connection, when it is not http(s) or when its
 * host resolves to a loopback, private, link-local, metadata or otherwise non-public address (IPv4
 * and IPv6, IPv4-mapped and -embedded IPv6, and the decimal, octal and hex forms of IPv4 that C
 * resolvers accept). {@link #send} follows redirects itself and checks every hop again.
 *
 * <p>Configuration can allow what is refused: {@code RENDEROWL_ALLOW_PRIVATE_URLS=true} allows
 * every address; {@code RENDEROWL_ALLOWED_URL_HOSTS} lists host names, addresses or CIDR ranges.
 *
 * <p>What this does not close: a host whose DNS answer changes between the check and the connection
 * (DNS rebinding). The HTTP client resolves the name again; a short-lived second answer could reach
 * a private address. Callers pass a client that does not follow redirects.
 */
public final class OutboundUrls {

  /** Resolves a host name to its addresses: the system's DNS, or a map in tests. */
  @FunctionalInterface
  public interface Resolver {
    List<InetAddress> resolve(String host) throws UnknownHostException;
  }

  /** The system's resolver. */
  public static final Resolver SYSTEM_DNS = host -> Arrays.asList(InetAddress.getAllByName(host));

  /** Redirects followed at most. */
  public static final int MAX_REDIRECTS = 5;

  private static final Pattern NUMERIC_HOST =
      Pattern.compile("(?i)(0x[0-9a-f]*|[0-9]+)(\\.(0x[0-9a-f]*|[0-9]+)){0,3}");
  private static final Pattern DOTTED_QUAD =
      Pattern.compile(
          "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

  private final Resolver resolver;
  private final boolean allowPrivate;
  private final Set<String> allowedNames;
  private final List<Range> allowedRanges;

  /**
   * @param resolver how host names are resolved
   * @param allowPrivate whether every address is allowed
   * @param allowList host names, IP addresses and CIDR ranges allowed although not public
   * @throws IllegalArgumentException naming an allow-list entry that is not a name, address or
   *     range
   */
  public OutboundUrls(Resolver resolver, boolean allowPrivate, List<String> allowList) {
    this.resolver = resolver;
    this.allowPrivate = allowPrivate;
    List<Range> ranges = new ArrayList<>();
    for (String entry : allowList) {
      Range.parse(entry).ifPresent(ranges::add);
    }
    this.allowedRanges = List.copyOf(ranges);
    this.allowedNames =
        allowList.stream()
            .filter(e -> Range.parse(e).isEmpty())
            .map(e -> e.strip().toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
  }

  /** Public addresses only, through the system's DNS. */
  public static OutboundUrls strict() {
    return new OutboundUrls(SYSTEM_DNS, false, List.of());
  }

  /**
   * Every address allowed (only the scheme is checked): for tests whose stubs listen on loopback
   * and for deployments that set {@code RENDEROWL_ALLOW_PRIVATE_URLS}.
   */
  public static OutboundUrls allowingPrivate() {
    return new OutboundUrls(SYSTEM_DNS, true, List.of());
  }

  /** The guard the settings ask for, over the system's DNS. */
  public static OutboundUrls of(RenderowlSettings.Outbound settings) {
    return new OutboundUrls(SYSTEM_DNS, settings.allowPrivate(), settings.allowedHosts());
  }

  /** This guard with another resolver (tests map names to addresses). */
  public OutboundUrls withResolver(Resolver other) {
    List<String> entries = new ArrayList<>(allowedNames);
    allowedRanges.forEach(r -> entries.add(r.text()));
    return new OutboundUrls(other, allowPrivate, entries);
  }

  /** Whether every address is allowed. */
  public boolean allowsPrivate() {
    return allowPrivate;
  }

  /**
   * A URL that passed the check.
   *
   * @param uri the URL
   * @param addresses what its host resolved to (empty when every address is allowed or the host is
   *     on the allow-list by name)
   */
  public record Checked(URI uri, List<InetAddress> addresses) {
    public Checked {
      addresses = List.copyOf(addresses);
    }
  }

  /**
   * Checks {@code url}.
   *
   * @throws UrlRefusedException saying why it is refused
   */
  public Checked check(String url) {
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      throw new UrlRefusedException("'" + shorten(url) + "' is not a valid URL: " + e.getReason());
    }
    return check(uri);
  }

  /**
   * Checks {@code uri}: http or https, a host, and (unless allowed) only public addresses.
   *
   * @throws UrlRefusedException saying why it is refused
   */
  public Checked check(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new UrlRefusedException(
          "'" + shown(uri) + "' is not an http or https URL; only those are fetched");
    }
    String rawHost = uri.getHost();
    if (rawHost == null && uri.getRawAuthority() != null) {
      // java.net.URI leaves the host unset for forms like 127.1 or 0x7f.1; judge them anyway.
      String authority = uri.getRawAuthority().replaceAll("^.*@", "").replaceAll(":[0-9]*$", "");
      if (NUMERIC_HOST.matcher(authority).matches()) {
        addresses(uri, authority, false);
      }
    }
    if (rawHost == null || rawHost.isBlank()) {
      throw new UrlRefusedException("'" + shown(uri) + "' has no valid host name");
    }
    if (allowPrivate) {
      return new Checked(uri, List.of());
    }
    String host = rawHost.toLowerCase(Locale.ROOT);
    boolean bracketed = host.startsWith("[") && host.endsWith("]");
    if (bracketed) {
      host = host.substring(1, host.length() - 1);
    }
    String bare = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    if (allowedNames.contains(bare)) {
      return new Checked(uri, List.of());
    }
    List<InetAddress> addresses = addresses(uri, bare, bracketed);
    for (InetAddress address : addresses) {
      Optional<String> kind = nonPublicKind(address);
      if (kind.isPresent() && allowedRanges.stream().noneMatch(r -> r.contains(address))) {
        throw new UrlRefusedException(
            "'"
                + shown(uri)
                + "' is refused: "
                + (bare.equals(address.getHostAddress())
                    ? ""
                    : "host " + rawHost + " resolves to " + address.getHostAddress() + ", ")
                + article(kind.get())
                + " address (set RENDEROWL_ALLOWED_URL_HOSTS or RENDEROWL_ALLOW_PRIVATE_URLS to"
                + " allow it)");
      }
    }
    return new Checked(uri, addresses);
  }

  private List<InetAddress> addresses(URI uri, String host, boolean bracketed) {
    try {
      if (bracketed || host.contains(":")) {
        // An IPv6 literal: parsed, not looked up.
        return List.of(InetAddress.getByName(host));
      }
      if (NUMERIC_HOST.matcher(host).matches()) {
        byte[] v4 = inetAton(host);
        if (v4 == null) {
          throw new UrlRefusedException("'" + shown(uri) + "' has an invalid IPv4 address");
        }
        InetAddress address = InetAddress.getByAddress(v4);
        if (!DOTTED_QUAD.matcher(host).matches()) {
          // Resolvers disagree on these forms (Java reads 0177.0.0.1 as 177.0.0.1, C as
          // 127.0.0.1): refused whatever they mean, with the C reading named when it is private.
          throw new UrlRefusedException(
              "'"
                  + shown(uri)
                  + "' is refused: "
                  + host
                  + " is "
                  + address.getHostAddress()
                  + " written in another form"
                  + nonPublicKind(address).map(k -> ", " + article(k) + " address").orElse("")
                  + "; write IPv4 addresses as four decimal numbers");
        }
        return List.of(address);
      }
      List<InetAddress> resolved = resolver.resolve(host);
      if (resolved.isEmpty()) {
        throw new UnknownHostException(host);
      }
      return resolved;
    } catch (UnknownHostException e) {
      throw new UrlRefusedException("'" + shown(uri) + "': host " + host + " does not resolve");
    }
  }

  /**
   * Sends {@code request}, following up to {@value #MAX_REDIRECTS} redirects itself, each target
   * checked before it is connected to. {@code client} must not follow redirects.
   *
   * @throws UrlRefusedException when the URL or a redirect's target is refused, or there are too
   *     many redirects
   */
  public <T> HttpResponse<T> send(
      HttpClient client, HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    if (client.followRedirects() != HttpClient.Redirect.NEVER) {
      throw new IllegalArgumentException("the client must not follow redirects by itself");
    }
    HttpRequest next = request;
    for (int hop = 0; ; hop++) {
      check(next.uri());
      HttpResponse<T> response =
          client.send(
              next,
              info ->
                  isRedirect(info.statusCode(), info.headers())
                      ? HttpResponse.BodySubscribers.<T>replacing(null)
                      : handler.apply(info));
      if (!isRedirect(response.statusCode(), response.headers())) {
        return response;
      }
      if (hop >= MAX_REDIRECTS) {
        throw new UrlRefusedException(
            "'" + shown(request.uri()) + "' redirected more than " + MAX_REDIRECTS + " times");
      }
      URI target;
      try {
        target = next.uri().resolve(response.headers().firstValue("Location").orElseThrow());
      } catch (IllegalArgumentException e) {
        throw new UrlRefusedException(
            "'" + shown(next.uri()) + "' redirected to an invalid URL: " + e.getMessage());
      }
      int status = response.statusCode();
      boolean toGet =
          status == 303 || ((status == 301 || status == 302) && next.method().equals("POST"));
      HttpRequest.Builder builder = HttpRequest.newBuilder(next, (name, value) -> true).uri(target);
      if (toGet) {
        builder.GET();
      }
      next = builder.build();
    }
  }

  private static boolean isRedirect(int status, java.net.http.HttpHeaders headers) {
    return REDIRECTS.contains(status) && headers.firstValue("Location").isPresent();
  }

  /**
   * What kind of non-public address {@code address} is, or empty for a public one. IPv6 addresses
   * that embed an IPv4 address (mapped, compatible, NAT64, 6to4) are judged by it.
   */
  public static Optional<String> nonPublicKind(InetAddress address) {
    byte[] b = address.getAddress();
    if (address instanceof Inet6Address) {
      byte[] embedded = embeddedIpv4(b);
      if (embedded != null) {
        return ipv4Kind(embedded).map(k -> k + " (IPv4 inside IPv6)");
      }
      return ipv6Kind(b);
    }
    if (address instanceof Inet4Address) {
      return ipv4Kind(b);
    }
    return Optional.of("unknown");
  }

  private static Optional<String> ipv4Kind(byte[] b) {
    int a0 = b[0] & 0xff;
    int a1 = b[1] & 0xff;
    int a2 = b[2] & 0xff;
    int a3 = b[3] & 0xff;
    if (a0 == 127) {
      return Optional.of("loopback");
    }
    if (a0 == 169 && a1 == 254 && a2 == 169 && a3 == 254) {
      return Optional.of("cloud metadata");
    }
    if (a0 == 169 && a1 == 254) {
      return Optional.of("link-local");
    }
    if (a0 == 10 || (a0 == 172 && (a1 & 0xf0) == 16) || (a0 == 192 && a1 == 168)) {
      return Optional.of("private");
    }
    if (a0 == 0) {
      return Optional.of("unspecified");
    }
    if (a0 == 100 && (a1 & 0xc0) == 64) {
      return Optional.of("shared (carrier-grade NAT)");
    }
    if (a0 >= 224) {
      return Optional.of(a0 < 240 ? "multicast" : "reserved");
    }
    if ((a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2))
        || (a0 == 198 && (a1 & 0xfe) == 18)
        || (a0 == 198 && a1 == 51 && a2 == 100)
        || (a0 == 203 && a1 == 0 && a2 == 113)) {
      return Optional.of("reserved");
    }
    return Optional.empty();
  }

  private static Optional<String> ipv6Kind(byte[] b) {
    boolean zeroUpTo15 = true;
    for (int i = 0; i < 15; i++) {
      zeroUpTo15 &= b[i] == 0;
    }
    if (zeroUpTo15 && b[15] == 1) {
      return Optional.of("loopback");
    }
    if (zeroUpTo15 && b[15] == 0) {
      return Optional.of("unspecified");
    }
    int b0 = b[0] & 0xff;
    int b1 = b[1] & 0xff;
    if (b0 == 0xfd && b1 == 0x00 && b[2] == 0x0e && (b[3] & 0xff) == 0xc2) {
      return Optional.of("cloud metadata"); // fd00:ec2::/32, inside the unique-local range
    }
    if ((b0 & 0xfe) == 0xfc) {
      return Optional.of("private (unique local)");
    }
    if (b0 == 0xfe && (b1 & 0xc0) == 0x80) {
      return Optional.of("link-local");
    }
    if (b0 == 0xfe && (b1 & 0xc0) == 0xc0) {
      return Optional.of("site-local");
    }
    if (b0 == 0xff) {
      return Optional.of("multicast");
    }
    if (b0 == 0x20 && b1 == 0x01 && b[2] == 0x0d && (b[3] & 0xff) == 0xb8) {
      return Optional.of("reserved (documentation)");
    }
    if (b0 == 0x01
        && b1 == 0
        && b[2] == 0
        && b[3] == 0
        && b[4] == 0
        && b[5] == 0
        && b[6] == 0
        && b[7] == 0) {
      return Optional.of("reserved (discard)");
    }
    return Optional.empty();
  }

  /** The IPv4 address inside a mapped, compatible, NAT64 (64:ff9b::/96) or 6to4 address. */
  private static byte[] embeddedIpv4(byte[] b) {
    boolean zero10 = true;
    for (int i = 0; i < 10; i++) {
      zero10 &= b[i] == 0;
    }
    boolean mapped = zero10 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    boolean compatible = zero10 && b[10] == 0 && b[11] == 0 && ((b[12] | b[13] | b[14]) != 0);
    boolean nat64 = b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
    if (nat64) {
      for (int i = 4; i < 12; i++) {
        nat64 &= b[i] == 0;
      }
    }
    if (mapped || compatible || nat64) {
      return Arrays.copyOfRange(b, 12, 16);
    }
    if (b[0] == 0x20 && b[1] == 0x02) {
      return Arrays.copyOfRange(b, 2, 6);
    }
    return null;
  }

  /**
   * An IPv4 address written as C's {@code inet_aton} reads it: one to four parts, each decimal,
   * octal (leading 0) or hex (0x); the last part fills the remaining bytes. Null when invalid.
   */
  static byte[] inetAton(String host) {
    String[] parts = host.split("\\.", -1);
    long[] values = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i].toLowerCase(Locale.ROOT);
      BigInteger v;
      try {
        if (p.startsWith("0x")) {
          v = p.length() == 2 ? BigInteger.ZERO : new BigInteger(p.substring(2), 16);
        } else if (p.length() > 1 && p.startsWith("0")) {
          v = new BigInteger(p.substring(1), 8);
        } else {
          v = new BigInteger(p);
        }
      } catch (NumberFormatException e) {
        return null;
      }
      if (v.bitLength() > 32) {
        return null;
      }
      values[i] = v.longValue();
    }
    int n = values.length;
    long last = values[n - 1];
    int lastBits = 8 * (4 - (n - 1));
    if (last >= (1L << lastBits)) {
      return null;
    }
    long value = last;
    for (int i = 0; i < n - 1; i++) {
      if (values[i] > 255) {
        return null;
      }
      value |= values[i] << (8 * (3 - i));
    }
    return new byte[] {
      (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value
    };
  }

  /** Scheme, host and port only: a URL's path and query may carry tokens. */
  public static String shown(URI uri) {
    if (uri.getScheme() == null || uri.getRawAuthority() == null) {
      return shorten(uri.toString().replaceAll("[?#].*", ""));
    }
    String authority = uri.getRawAuthority().replaceAll("^.*@", "");
    return uri.getScheme() + "://" + authority + (uri.getRawPath() == null ? "" : "/...");
  }

  private static String shorten(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }

  private static String article(String kind) {
    return ("aeiou".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ") + kind;
  }

  /** An address range of the allow-list. */
  private static final class Range {
    private final String text;
    private final byte[] network;
    private final int prefix;

    private Range(String text, byte[] network, int prefix) {
      this.text = text;
      this.network = network.clone();
      this.prefix = prefix;
    }

    String text() {
      return text;
    }

    static Optional<Range> parse(String entry) {
      String e = entry.strip();
      int slash = e.indexOf('/');
      String address = slash < 0 ? e : e.substring(0, slash);
      boolean literal = address.contains(":") || DOTTED_QUAD.matcher(address).matches();
      if (!literal) {
        if (slash >= 0) {
          throw new IllegalArgumentException("'" + entry + "' is not a CIDR range");
        }
        return Optional.empty();
      }
      try {
        byte[] net = InetAddress.getByName(address).getAddress();
        int prefix = slash < 0 ? net.length * 8 : Integer.parseInt(e.substring(slash + 1));
        if (prefix < 0 || prefix > net.length * 8) {
          throw new IllegalArgumentException("'" + entry + "' has an invalid prefix length");
        }
        return Optional.of(new Range(e, net, prefix));
      } catch (UnknownHostException | NumberFormatException ex) {
        throw new IllegalArgumentException("'" + entry + "' is not an address or CIDR range", ex);
      }
    }

    boolean contains(InetAddress address) {
      byte[] a = address.getAddress();
      if (a.length != network.length) {
        return false;
      }
      int bits = prefix;
      for (int i = 0; i < a.length && bits > 0; i++, bits -= 8) {
        int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
        if ((a[i] & mask) != (network[i] & mask)) {
          return false;
        }
      }
      return true;
    }
  }
}
