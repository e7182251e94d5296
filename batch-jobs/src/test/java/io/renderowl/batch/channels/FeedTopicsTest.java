package io.renderowl.batch.channels;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okXml;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.renderowl.infra.net.OutboundUrls;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** RSS 2.0 and Atom feeds served by WireMock, read through the JDK's HTTP client and ROME. */
@Timeout(120)
class FeedTopicsTest {
  /** The stub feed listens on loopback: allowed explicitly, as the tests' wiring does. */
  static final OutboundUrls LOOPBACK_ALLOWED =
      new OutboundUrls(OutboundUrls.SYSTEM_DNS, false, List.of("localhost", "127.0.0.1"));

  private WireMockServer feed;

  static String rss(String... items) {
    StringBuilder b =
        new StringBuilder(
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Science</title>");
    for (String i : items) {
      b.append("<item><title>")
          .append(i)
          .append("</title><guid>urn:")
          .append(i.hashCode())
          .append("</guid><link>https://example.org/")
          .append(i.hashCode())
          .append("</link></item>");
    }
    return b.append("</channel></rss>").toString();
  }

  @BeforeEach
  void start() {
    feed = new WireMockServer(options().dynamicPort());
    feed.start();
  }

  @AfterEach
  void stop() {
    feed.stop();
  }

  @Test
  void readsAnRssFeedOldestFirstKeyedByGuid() throws Exception {
    feed.stubFor(
        get("/science.xml")
            .willReturn(okXml(rss("Newest: black holes", "Older: tides", "Oldest: comets"))));

    List<TopicSource.Candidate> items =
        new FeedTopics(feed.baseUrl() + "/science.xml", LOOPBACK_ALLOWED).candidates(5);

    assertThat(items)
        .extracting(TopicSource.Candidate::topic)
        .containsExactly("Oldest: comets", "Older: tides", "Newest: black holes");
    assertThat(items.get(0).key()).isEqualTo("feed:urn:" + "Oldest: comets".hashCode());
  }

  @Test
  void readsAnAtomFeedKeyedByEntryId() throws Exception {
    String atom =
        """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom"><title>Space</title>
          <entry><title>Second  entry</title><id>tag:example.org,2026:2</id><link href="https://example.org/2"/></entry>
          <entry><title>First entry</title><id>tag:example.org,2026:1</id><link href="https://example.org/1"/></entry>
        </feed>
        """;
    feed.stubFor(get("/space.atom").willReturn(okXml(atom)));

    List<TopicSource.Candidate> items =
        new FeedTopics(feed.baseUrl() + "/space.atom", LOOPBACK_ALLOWED).candidates(5);

    assertThat(items)
        .containsExactly(
            new TopicSource.Candidate("feed:tag:example.org,2026:1", "First entry"),
            new TopicSource.Candidate("feed:tag:example.org,2026:2", "Second entry"));
  }

  @Test
  void anItemWithoutAGuidIsKeyedByItsLinkThenByItsTitle() throws Exception {
    String rss =
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Sea</title>"
            + "<item><title>Linked</title><link>https://example.org/linked</link></item>"
            + "<item><title>Bare  title</title></item>"
            + "</channel></rss>";

    List<TopicSource.Candidate> items = FeedTopics.parse(rss.getBytes(StandardCharsets.UTF_8));

    assertThat(items)
        .containsExactly(
            new TopicSource.Candidate("feed:" + TopicSource.normalise("Bare  title"), "Bare title"),
            new TopicSource.Candidate("feed:https://example.org/linked", "Linked"));
  }

  @Test
  void anHttpErrorOrAnotherDocumentIsReportedNotSilentlyEmpty() {
    feed.stubFor(get("/gone.xml").willReturn(aResponse().withStatus(404)));
    feed.stubFor(
        get("/page.html")
            .willReturn(aResponse().withStatus(200).withBody("<html><body>hi</body></html>")));

    assertThatThrownBy(
            () -> new FeedTopics(feed.baseUrl() + "/gone.xml", LOOPBACK_ALLOWED).candidates(1))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("HTTP 404");
    assertThatThrownBy(
            () -> new FeedTopics(feed.baseUrl() + "/page.html", LOOPBACK_ALLOWED).candidates(1))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not an RSS or Atom feed");
  }

  @Test
  void refusesADoctypeSoNoExternalEntityIsEverLoaded() {
    String xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><rss><channel><item><title>&x;</title></item></channel></rss>";
    assertThatThrownBy(() -> FeedTopics.parse(xxe.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class);
  }

  @Test
  void aFeedOnAPrivateAddressIsRefusedBeforeAnyRequest() {
    feed.stubFor(get("/science.xml").willReturn(okXml(rss("Secret"))));
    OutboundUrls strict = OutboundUrls.strict();

    assertThatThrownBy(() -> new FeedTopics(feed.baseUrl() + "/science.xml", strict).candidates(1))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("loopback");
    assertThat(feed.getAllServeEvents()).isEmpty();
  }

  @Test
  void aRedirectToThePrivateNetworkIsNotFollowed() {
    feed.stubFor(
        get("/moved.xml")
            .willReturn(
                aResponse().withStatus(301).withHeader("Location", "http://intranet.test/feed")));
    OutboundUrls guard =
        new OutboundUrls(
            host -> {
              if (!host.equals("intranet.test")) {
                throw new java.net.UnknownHostException(host);
              }
              return List.of(
                  InetAddress.getByAddress(host, new byte[] {(byte) 192, (byte) 168, 0, 9}));
            },
            false,
            List.of("localhost", "127.0.0.1"));

    assertThatThrownBy(() -> new FeedTopics(feed.baseUrl() + "/moved.xml", guard).candidates(1))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("intranet.test resolves to 192.168.0.9, a private address");
    assertThat(feed.getAllServeEvents()).hasSize(1);
  }

  @Test
  void aFeedOverTheSizeLimitIsRefused() {
    feed.stubFor(
        get("/huge.xml")
            .willReturn(okXml("<rss>" + "x".repeat((int) FeedTopics.MAX_BYTES) + "</rss>")));

    assertThatThrownBy(
            () -> new FeedTopics(feed.baseUrl() + "/huge.xml", LOOPBACK_ALLOWED).candidates(1))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("larger than " + FeedTopics.MAX_BYTES + " bytes");
  }

  @Test
  void aFeedThatTricklesInIsCutAtTheDeadline() {
    feed.stubFor(
        get("/slow.xml").willReturn(okXml(rss("Slow")).withChunkedDribbleDelay(50, 30_000)));

    long started = System.nanoTime();
    assertThatThrownBy(() ->
            new FeedTopics(feed.baseUrl() + "/slow.xml", LOOPBACK_ALLOWED, Duration.ofSeconds(2))
                .candidates(1))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("took longer than 2 s");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(12));
  }
}
