package io.renderowl.infra.net;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(60)
class OutboundUrlsTest {
  /** Test names mapped to addresses; nothing is looked up in DNS. */
  static final Map<String, String> NAMES =
      Map.ofEntries(
          Map.entry("public.test", "93.184.216.34"),
          Map.entry("loopback.test", "127.0.0.1"),
          Map.entry("ten.test", "10.1.2.3"),
          Map.entry("corp.test", "172.20.0.5"),
          Map.entry("home.test", "192.168.1.10"),
          Map.entry("metadata.test", "169.254.169.254"),
          Map.entry("linklocal.test", "169.254.10.1"),
          Map.entry("v6loop.test", "::1"),
          Map.entry("ula.test", "fd12:3456::1"),
          Map.entry("fe80.test", "fe80::1"),
          Map.entry("mapped.test", "::ffff:10.0.0.1"),
          Map.entry("public6.test", "2606:2800:220:1:248:1893:25c8:1946"));

  static final List<String> LOOKUPS = new ArrayList<>();

  static final OutboundUrls.Resolver STUB =
      host -> {
        synchronized (LOOKUPS) {
          LOOKUPS.add(host);
        }
        String address = NAMES.get(host);
        if (address == null) {
          throw new UnknownHostException(host);
        }
        // A literal: InetAddress parses it, no DNS.
        return List.of(InetAddress.getByAddress(host, InetAddress.getByName(address).getAddress()));
      };

  static final OutboundUrls STRICT = new OutboundUrls(STUB, false, List.of());

  /** One receiver per test: a late request of another test never counts here. */
  WireMockServer server;

  @BeforeEach
  void start() {
    server =
        new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @ParameterizedTest(name = "{0} is refused as {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "http://127.0.0.1/feed.xml        | loopback",
        "http://127.1.2.3:8080/x          | loopback",
        "http://loopback.test/x           | loopback",
        "http://localhost.test./x         | does not resolve",
        "http://10.0.0.1/                 | private",
        "http://ten.test/                 | private",
        "http://172.16.0.1/               | private",
        "http://172.31.255.255/           | private",
        "http://corp.test/                | private",
        "http://192.168.0.1/              | private",
        "http://home.test/                | private",
        "http://169.254.169.254/latest/meta-data/ | cloud metadata",
        "http://metadata.test/            | cloud metadata",
        "http://169.254.1.1/              | link-local",
        "http://linklocal.test/           | link-local",
        "http://[::1]/                    | loopback",
        "http://v6loop.test/              | loopback",
        "http://[fc00::1]/                | private (unique local)",
        "http://[fd00:ec2::254]/          | cloud metadata",
        "http://ula.test/                 | private (unique local)",
        "http://[fe80::1]/                | link-local",
        "http://[febf::1]/                | link-local",
        "http://fe80.test/                | link-local",
        "http://[::ffff:127.0.0.1]/       | loopback",
        "http://[::ffff:7f00:1]/          | loopback",
        "http://[::ffff:169.254.169.254]/ | cloud metadata",
        "http://[::ffff:a00:1]/           | private",
        "http://mapped.test/              | private",
        "http://[64:ff9b::a9fe:a9fe]/     | cloud metadata (IPv4 inside IPv6)",
        "http://[2002:7f00:1::]/          | loopback (IPv4 inside IPv6)",
        "http://[::]/                     | unspecified",
        "http://0.0.0.0/                  | unspecified",
        "http://2130706433/               | 127.0.0.1 written in another form, a loopback",
        "http://0x7f000001/               | 127.0.0.1 written in another form, a loopback",
        "http://0177.0.0.1/               | 127.0.0.1 written in another form, a loopback",
        "http://0x7f.1/                   | 127.0.0.1 written in another form, a loopback",
        "http://127.1/                    | 127.0.0.1 written in another form, a loopback",
        "http://017700000001/             | 127.0.0.1 written in another form, a loopback",
        "http://2852039166/               | 169.254.169.254 written in another form, a cloud metadata",
        "http://012.0.0.1/                | 10.0.0.1 written in another form, a private",
        "http://100.64.0.1/               | shared (carrier-grade NAT)",
        "http://224.0.0.1/                | multicast",
        "http://255.255.255.255/          | reserved",
        "file:///etc/passwd               | not an http or https URL",
        "gopher://public.test/            | not an http or https URL",
        "ftp://public.test/x              | not an http or https URL",
        "http:///nohost                   | no valid host",
        "http://unknown.test/             | does not resolve",
        "http://999.1.1.1/                | invalid IPv4 address",
      })
  void nonPublicAddressesAreRefusedBeforeAnyConnection(String url, String why) {
    assertThatThrownBy(() -> STRICT.check(url))
        .isInstanceOf(UrlRefusedException.class)
        .hasMessageContaining(why);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://public.test/feed.xml",
        "http://93.184.216.34/x",
        "https://public6.test/",
        "http://[2606:2800:220:1:248:1893:25c8:1946]/",
        "HTTPS://PUBLIC.TEST/x?token=1",
        "http://8.8.8.8:8080/"
      })
  void publicAddressesPass(String url) {
    assertThat(STRICT.check(url).uri().toString()).isEqualTo(url);
  }

  @Test
  void theRefusalNamesHostAndAddressButNeverThePathOrQuery() {
    assertThatThrownBy(() -> STRICT.check("http://ten.test/hook?token=s3cr3t"))
        .hasMessage(
            "'http://ten.test/...' is refused: host ten.test resolves to 10.1.2.3, a private"
                + " address (set RENDEROWL_ALLOWED_URL_HOSTS or RENDEROWL_ALLOW_PRIVATE_URLS to"
                + " allow it)")
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void aNameWithOnePrivateAddressAmongPublicOnesIsRefused() {
    OutboundUrls guard =
        new OutboundUrls(
            host ->
                List.of(
                    InetAddress.getByAddress(host, new byte[] {93, (byte) 184, (byte) 216, 34}),
                    InetAddress.getByAddress(host, new byte[] {10, 0, 0, 7})),
            false,
            List.of());
    assertThatThrownBy(() -> guard.check("https://split.test/"))
        .hasMessageContaining("resolves to 10.0.0.7");
  }

  @Test
  void configurationAllowsNamedHostsRangesOrEverything() {
    OutboundUrls allowList =
        new OutboundUrls(STUB, false, List.of("corp.test", "10.0.0.0/8", "::1"));
    assertThat(allowList.check("http://corp.test/").addresses()).isEmpty();
    assertThat(allowList.check("http://ten.test/").addresses()).hasSize(1);
    assertThat(allowList.check("http://[::1]:9000/").uri().getPort()).isEqualTo(9000);
    assertThatThrownBy(() -> allowList.check("http://home.test/")).hasMessageContaining("private");
    assertThatThrownBy(() -> allowList.check("http://metadata.test/"))
        .hasMessageContaining("cloud metadata");

    OutboundUrls everything = new OutboundUrls(STUB, true, List.of());
    assertThat(everything.check("http://169.254.169.254/").uri().getHost())
        .isEqualTo("169.254.169.254");
    assertThatThrownBy(() -> everything.check("file:///etc/passwd"))
        .hasMessageContaining("not an http or https URL");
  }

  @Test
  void aBadAllowListEntryIsNamed() {
    assertThatThrownBy(() -> new OutboundUrls(STUB, false, List.of("10.0.0.0/40")))
        .hasMessageContaining("'10.0.0.0/40'");
    assertThatThrownBy(() -> new OutboundUrls(STUB, false, List.of("intranet/8")))
        .hasMessageContaining("'intranet/8' is not a CIDR range");
  }

  @Test
  void aUrlThatIsRefusedIsNeverConnectedTo() {
    server.stubFor(get("/feed.xml").willReturn(ok("<rss/>")));
    OutboundUrls strictDns = OutboundUrls.strict();

    assertThatThrownBy(
            () -> strictDns.send(client(), request(server.baseUrl() + "/feed.xml"), ofString()))
        .isInstanceOf(UrlRefusedException.class)
        .hasMessageContaining("loopback");
    assertThat(server.getAllServeEvents()).isEmpty();
  }

  @Test
  void aRedirectToAPrivateAddressIsRefusedBeforeItIsFollowed() throws Exception {
    server.stubFor(
        get("/to-metadata")
            .willReturn(
                aResponse()
                    .withStatus(302)
                    .withHeader("Location", "http://169.254.169.254/latest/meta-data/")));
    server.stubFor(
        get("/to-name")
            .willReturn(aResponse().withStatus(301).withHeader("Location", "http://ten.test/x")));
    server.stubFor(
        get("/to-mapped")
            .willReturn(
                aResponse().withStatus(307).withHeader("Location", "http://[::ffff:a00:1]/")));
    server.stubFor(
        get("/hop").willReturn(aResponse().withStatus(303).withHeader("Location", "/final")));
    server.stubFor(get("/final").willReturn(ok("done")));
    // The stub itself is on loopback: allowed by the allow-list, as the tests' wiring does.
    OutboundUrls guard = new OutboundUrls(STUB, false, List.of("127.0.0.1"));
    LOOKUPS.clear();

    assertThatThrownBy(() -> guard.send(client(), request(url("/to-metadata")), ofString()))
        .isInstanceOf(UrlRefusedException.class)
        .hasMessageContaining("169.254.169.254")
        .hasMessageContaining("cloud metadata");
    assertThatThrownBy(() -> guard.send(client(), request(url("/to-name")), ofString()))
        .hasMessageContaining("ten.test resolves to 10.1.2.3");
    assertThatThrownBy(() -> guard.send(client(), request(url("/to-mapped")), ofString()))
        .hasMessageContaining("private");
    assertThat(LOOKUPS).containsExactly("ten.test");

    HttpResponse<String> followed = guard.send(client(), request(url("/hop")), ofString());
    assertThat(followed.statusCode()).isEqualTo(200);
    assertThat(followed.body()).isEqualTo("done");
    assertThat(followed.uri().getPath()).isEqualTo("/final");
    assertThat(server.getAllServeEvents()).hasSize(5);
  }

  @Test
  void redirectLoopsEnd() {
    server.stubFor(
        get("/loop").willReturn(aResponse().withStatus(302).withHeader("Location", "/loop")));
    OutboundUrls guard = new OutboundUrls(STUB, false, List.of("127.0.0.0/8"));

    assertThatThrownBy(() -> guard.send(client(), request(url("/loop")), ofString()))
        .hasMessageContaining("redirected more than 5 times");
    assertThat(server.getAllServeEvents()).hasSize(OutboundUrls.MAX_REDIRECTS + 1);
  }

  @Test
  void aClientThatFollowsRedirectsItselfIsRejected() {
    HttpClient following =
        HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
    assertThatThrownBy(() -> STRICT.send(following, request("https://public.test/"), ofString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not follow redirects");
  }

  @Test
  void inetAtonReadsEveryForm() throws Exception {
    assertThat(InetAddress.getByAddress(OutboundUrls.inetAton("0x7f.0.0.01")).getHostAddress())
        .isEqualTo("127.0.0.1");
    assertThat(InetAddress.getByAddress(OutboundUrls.inetAton("10.258")).getHostAddress())
        .isEqualTo("10.0.1.2");
    assertThat(OutboundUrls.inetAton("1.2.3.256")).isNull();
    assertThat(OutboundUrls.inetAton("4294967296")).isNull();
    assertThat(OutboundUrls.inetAton("09.0.0.1")).isNull();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  private static HttpClient client() {
    return HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(20))
        .build();
  }

  private static HttpRequest request(String url) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET().build();
  }

  private static HttpResponse.BodyHandler<String> ofString() {
    return HttpResponse.BodyHandlers.ofString();
  }
}
