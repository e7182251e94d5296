package io.renderowl.api.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * The client address of the per-address sign-in limit: X-Forwarded-For counts only when the direct
 * peer is a trusted proxy (RENDEROWL_TRUSTED_PROXIES).
 */
class ClientAddressTest {

  private static MockHttpServletRequest login(String peer, String... forwardedFor) {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", AuthController.LOGIN);
    request.setRemoteAddr(peer);
    for (String header : forwardedFor) {
      request.addHeader("X-Forwarded-For", header);
    }
    request.setAttribute(RequestIdFilter.ATTRIBUTE, "req_test");
    return request;
  }

  @Test
  void withoutTrustedProxiesTheForwardedHeaderIsIgnored() {
    ClientAddress address = ClientAddress.trusting("");

    assertThat(address.of(login("10.0.0.5", "203.0.113.7"))).isEqualTo("10.0.0.5");
    assertThat(ClientAddress.direct().of(login("10.0.0.5", "203.0.113.7"))).isEqualTo("10.0.0.5");
  }

  @Test
  void aTrustedProxysForwardedClientIsTheAddress() {
    ClientAddress address = ClientAddress.trusting("10.0.0.0/8, ::1");

    assertThat(address.of(login("10.0.0.5", "203.0.113.7"))).isEqualTo("203.0.113.7");
    assertThat(address.of(login("::1", "2001:db8::7"))).isEqualTo("2001:db8::7");
  }

  @Test
  void aPeerOutsideTheTrustedListCannotChooseItsAddress() {
    ClientAddress address = ClientAddress.trusting("10.0.0.0/8");

    assertThat(address.of(login("198.51.100.9", "203.0.113.7"))).isEqualTo("198.51.100.9");
  }

  @Test
  void theHeaderIsReadFromTheRightSkippingTrustedProxiesAndIgnoringWhatTheClientWrote() {
    ClientAddress address = ClientAddress.trusting("10.0.0.0/8");

    // The client wrote a fake first hop; the proxies appended the real client and each other.
    assertThat(address.of(login("10.0.0.5", "1.2.3.4, 203.0.113.7, 10.1.1.1")))
        .isEqualTo("203.0.113.7");
    assertThat(address.of(login("10.0.0.5", "1.2.3.4", "203.0.113.7"))).isEqualTo("203.0.113.7");
    // Garbage in the header: the last address we could trust stands.
    assertThat(address.of(login("10.0.0.5", "203.0.113.7, not-an-address"))).isEqualTo("10.0.0.5");
    assertThat(address.of(login("10.0.0.5"))).isEqualTo("10.0.0.5");
  }

  @Test
  void aTrustedProxyEntryThatIsNotAnAddressIsRefusedAtStartUpNamingIt() {
    assertThatThrownBy(() -> ClientAddress.trusting("10.0.0.0/8, proxy.internal"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RENDEROWL_TRUSTED_PROXIES")
        .hasMessageContaining("'proxy.internal'");
    assertThatThrownBy(() -> ClientAddress.trusting("10.0.0.0/99"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'10.0.0.0/99'");
  }

  @Test
  void theSignInLimitTakesFromTheForwardedClientsBucketOnlyBehindATrustedProxy() throws Exception {
    List<String> keys = new ArrayList<>();
    ErrorWriter errors = new ErrorWriter(JsonMapper.builder().build());

    BearerTokenFilter behindProxy =
        new BearerTokenFilter(
            key -> {
              keys.add(key);
              return Duration.ZERO;
            },
            errors,
            ClientAddress.trusting("127.0.0.0/8"));
    behindProxy.doFilter(
        login("127.0.0.1", "203.0.113.7"), new MockHttpServletResponse(), new MockFilterChain());
    behindProxy.doFilter(
        login("127.0.0.1", "203.0.113.8"), new MockHttpServletResponse(), new MockFilterChain());

    BearerTokenFilter direct =
        new BearerTokenFilter(
            key -> {
              keys.add(key);
              return Duration.ZERO;
            },
            errors,
            ClientAddress.trusting(""));
    direct.doFilter(
        login("127.0.0.1", "203.0.113.7"), new MockHttpServletResponse(), new MockFilterChain());
    direct.doFilter(
        login("127.0.0.1", "203.0.113.8"), new MockHttpServletResponse(), new MockFilterChain());

    assertThat(keys)
        .containsExactly(
            "address:203.0.113.7", "address:203.0.113.8", "address:127.0.0.1", "address:127.0.0.1");
  }

  @Test
  void aRefusedSignInIsAnswered429WithRetryAfter() throws Exception {
    BearerTokenFilter filter =
        new BearerTokenFilter(
            key -> Duration.ofMillis(2500),
            new ErrorWriter(JsonMapper.builder().build()),
            ClientAddress.direct());
    MockHttpServletResponse response = new MockHttpServletResponse();
    MockFilterChain chain = new MockFilterChain();

    filter.doFilter(login("127.0.0.1"), response, chain);

    assertThat(response.getStatus()).isEqualTo(429);
    assertThat(response.getHeader("Retry-After")).isEqualTo("3");
    assertThat(chain.getRequest()).as("the sign-in never ran").isNull();
  }
}
