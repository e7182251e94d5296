package io.renderowl.batch.channels;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;
import io.renderowl.infra.net.OutboundUrls;
import io.renderowl.infra.net.UrlRefusedException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Items of an RSS or Atom feed, oldest first, parsed with ROME (DTDs, and so external entities,
 * refused: ROME's default). An item's key is its guid (RSS) or id (Atom), else its link, else its
 * title, so an item produced once is never produced again even when the feed repeats it.
 *
 * <p>The feed URL is the user's: it and every redirect must pass {@link OutboundUrls}, and the feed
 * must be at most {@value #MAX_BYTES} bytes and arrive within {@link #TIMEOUT}.
 */
final class FeedTopics implements TopicSource {
  static final long MAX_BYTES = 5L << 20;
  static final Duration TIMEOUT = Duration.ofSeconds(20);

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private final String url;
  private final OutboundUrls guard;

  private final Duration timeout;

  FeedTopics(String url, OutboundUrls guard) {
    this(url, guard, TIMEOUT);
  }

  FeedTopics(String url, OutboundUrls guard, Duration timeout) {
    this.url = url;
    this.guard = guard;
    this.timeout = timeout;
  }

  @Override
  public List<Candidate> candidates(int wanted) throws IOException, InterruptedException {
    URI uri;
    try {
      uri = guard.check(url).uri();
    } catch (UrlRefusedException e) {
      throw new IOException("feed " + e.getMessage(), e);
    }
    HttpResponse<InputStream> response;
    try {
      response =
          guard.send(
              HTTP,
              HttpRequest.newBuilder(uri)
                  .timeout(timeout)
                  .header(
                      "Accept",
                      "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.1")
                  .header("User-Agent", "renderowl-channels")
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofInputStream());
    } catch (UrlRefusedException e) {
      throw new IOException("feed " + e.getMessage(), e);
    }
    String shown = OutboundUrls.shown(uri);
    try (InputStream in = response.body()) {
      if (response.statusCode() / 100 != 2) {
        throw new IOException("feed " + shown + " answered HTTP " + response.statusCode());
      }
      // A body that trickles in is cut at the deadline: closing the stream ends the read.
      AtomicBoolean expired = new AtomicBoolean();
      CompletableFuture<Void> deadline =
          CompletableFuture.runAsync(
              () -> {
                expired.set(true); // before the close: the reader may wake up at once
                closeQuietly(in);
              },
              CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS));
      byte[] body;
      try {
        body = in.readNBytes((int) MAX_BYTES + 1);
      } catch (IOException e) {
        if (expired.get()) {
          throw new IOException(
              "feed " + shown + " took longer than " + timeout.toSeconds() + " s", e);
        }
        throw e;
      } finally {
        deadline.cancel(false);
      }
      if (body.length > MAX_BYTES) {
        throw new IOException("feed " + shown + " is larger than " + MAX_BYTES + " bytes");
      }
      return parse(body);
    }
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // the read fails either way
    }
  }

  static List<Candidate> parse(byte[] xml) throws IOException {
    SyndFeed feed;
    try {
      feed = new SyndFeedInput().build(new XmlReader(new ByteArrayInputStream(xml)));
    } catch (FeedException | IllegalArgumentException e) {
      throw new IOException("not an RSS or Atom feed: " + e.getMessage(), e);
    }
    List<Candidate> items = new ArrayList<>();
    for (SyndEntry entry : feed.getEntries()) {
      String title = entry.getTitle();
      if (title == null || title.isBlank()) {
        continue;
      }
      String key = entry.getUri();
      if (key == null || key.isBlank()) {
        key = entry.getLink();
      }
      if (key == null || key.isBlank()) {
        key = TopicSource.normalise(title);
      }
      key = "feed:" + (key.length() > 190 ? key.substring(0, 190) : key.strip());
      items.add(new Candidate(key, title.strip().replaceAll("\\s+", " ")));
    }
    Collections.reverse(items); // feeds list the newest first; produce the oldest new item first
    return items;
  }

  @Override
  public String name() {
    return "rss";
  }
}
