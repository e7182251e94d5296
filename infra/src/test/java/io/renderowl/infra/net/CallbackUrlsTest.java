package io.renderowl.infra.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Callback URLs as runs, renders and batches check them when asked for: syntax first, then the
 * outbound guard over a stub resolver (no DNS, no connection: only the names below resolve).
 */
class CallbackUrlsTest {
  private final List<String> lookups = new CopyOnWriteArrayList<>();
  private static final Map<String, String> NAMES =
      Map.of(
          "hooks.example.test", "93.184.216.34",
          "metadata.test", "169.254.169.254",
          "intranet.test", "10.1.2.3");

  private final OutboundUrls guard =
      new OutboundUrls(
          host -> {
            lookups.add(host);
            String address = NAMES.get(host);
            if (address == null) {
              throw new UnknownHostException(host);
            }
            return List.of(
                InetAddress.getByAddress(host, InetAddress.getByName(address).getAddress()));
          },
          false,
          List.of());

  @Test
  void aPublicHttpsUrlPasses() {
    assertThat(CallbackUrls.problem("https://hooks.example.test/owl?token=s3cret", guard)).isNull();
    assertThat(CallbackUrls.problem(null, guard)).isNull();
    assertThat(CallbackUrls.problem("  ", guard)).isNull();
  }

  @Test
  void privateMetadataAndLoopbackHostsAreRefusedWithoutEchoingThePathOrQuery() {
    for (String url :
        List.of(
            "http://intranet.test/hook?token=s3cret",
            "http://metadata.test/latest/meta-data?token=s3cret",
            "http://10.1.2.3/hook?token=s3cret",
            "http://[::1]/hook?token=s3cret",
            "http://127.0.0.1:8080/hook?token=s3cret")) {
      String problem = CallbackUrls.problem(url, guard);
      assertThat(problem).as(url).contains("refused").doesNotContain("s3cret");
    }
    assertThat(lookups).containsOnly("intranet.test", "metadata.test");
  }

  @Test
  void syntaxIsCheckedBeforeAnyLookup() {
    assertThat(CallbackUrls.problem("ftp://hooks.example.test/x", guard)).contains("http(s)");
    assertThat(CallbackUrls.problem("https://user:pw@hooks.example.test/x", guard))
        .isEqualTo("must not carry credentials");
    assertThat(CallbackUrls.problem("https://hooks.example.test/" + "x".repeat(2100), guard))
        .isEqualTo("must be at most 2048 characters");
    assertThat(CallbackUrls.problem("http://exa mple/", guard)).startsWith("is not a URL");
    assertThat(lookups).isEmpty();
  }
}
