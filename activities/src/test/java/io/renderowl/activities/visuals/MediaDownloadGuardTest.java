package io.renderowl.activities.visuals;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.renderowl.activities.provider.ProviderFailures;
import io.renderowl.activities.provider.ProviderHttp;
import io.renderowl.activities.provider.RateLimiter;
import io.renderowl.activities.provider.ResponseCache;
import io.renderowl.activities.provider.Stubs;
import io.renderowl.activities.provider.TestMedia;
import io.renderowl.infra.net.OutboundUrls;
import io.temporal.failure.ApplicationFailure;
import java.awt.Color;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Media URLs come from providers and users: a download to a non-public address is refused before it
 * is connected to, also after a redirect, and a body that trickles in is cut at the timeout.
 */
@Timeout(60)
class MediaDownloadGuardTest {
  WireMockServer server;

  /** The stub is reached by its loopback address (allowed); test names map to private ones. */
  final OutboundUrls guard =
      new OutboundUrls(
          host ->
              switch (host) {
                case "cdn.intranet.test" ->
                    List.of(InetAddress.getByAddress(host, new byte[] {10, 9, 8, 7}));
                default -> throw new UnknownHostException(host);
              },
          false,
          List.of("127.0.0.1"));

  ProviderHttp http =
      new ProviderHttp(
          RateLimiter.UNLIMITED, ResponseCache.NONE, Duration.ofSeconds(5), () -> 1, guard);

  @BeforeEach
  void start() {
    server = Stubs.start();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  @Test
  void aMediaUrlOnTheMetadataAddressIsRefusedWithoutRetry() {
    assertThatThrownBy(() ->
            MediaBytes.download(
                http, "pexels", "http://169.254.169.254/latest/meta-data/", "image", 1 << 20))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(ProviderFailures.REJECTED);
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage()).contains("cloud metadata");
            });
  }

  @Test
  void aRedirectToAPrivateHostIsNotFollowed() {
    server.stubFor(
        get(urlEqualTo("/photo.jpg"))
            .willReturn(
                aResponse()
                    .withStatus(302)
                    .withHeader("Location", "http://cdn.intranet.test/photo.jpg")));

    assertThatThrownBy(
            () -> MediaBytes.download(http, "pexels", url("/photo.jpg"), "image", 1 << 20))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f ->
                assertThat(f.getOriginalMessage())
                    .contains("cdn.intranet.test resolves to 10.9.8.7, a private address"));
    assertThat(server.getAllServeEvents()).hasSize(1);
  }

  @Test
  void aPublicRedirectIsFollowedAndTheMediaChecked() {
    server.stubFor(
        get(urlEqualTo("/photo.jpg"))
            .willReturn(aResponse().withStatus(301).withHeader("Location", "/cdn/photo.jpg")));
    server.stubFor(
        get(urlEqualTo("/cdn/photo.jpg"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "image/jpeg")
                    .withBody(TestMedia.jpeg(64, 64, Color.RED))));

    MediaBytes.Checked media =
        MediaBytes.download(http, "pexels", url("/photo.jpg"), "image", 1 << 20);

    assertThat(media.contentType()).isEqualTo("image/jpeg");
  }

  @Test
  void aDownloadOverTheSizeLimitIsRefused() {
    server.stubFor(
        get(urlPathEqualTo("/big.jpg"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "image/jpeg")
                    .withBody(TestMedia.jpeg(256, 256, Color.BLUE))));

    assertThatThrownBy(() -> MediaBytes.download(http, "pexels", url("/big.jpg"), "image", 100))
        .hasMessageContaining("over the limit of 100 bytes");
  }

  @Test
  void aDownloadThatTricklesInIsCutAtTheTimeout() {
    server.stubFor(
        get(urlPathEqualTo("/slow.jpg"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "image/jpeg")
                    .withBody(TestMedia.jpeg(64, 64, Color.RED))
                    .withChunkedDribbleDelay(20, 30_000)));

    long started = System.nanoTime();
    assertThatThrownBy(
            () -> MediaBytes.download(http, "pexels", url("/slow.jpg"), "image", 1 << 20))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> assertThat(f.getOriginalMessage()).contains("timed out after 5 s"));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
  }
}
