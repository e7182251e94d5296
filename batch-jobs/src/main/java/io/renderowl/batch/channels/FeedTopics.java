package io.renderowl.batch.channels;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Items of an RSS or Atom feed, oldest first, parsed with ROME (DTDs, and so external entities,
 * refused: ROME's default). An item's key is its guid (RSS) or id (Atom), else its link, else its
 * title, so an item produced once is never produced again even when the feed repeats it.
 */
final class FeedTopics implements TopicSource {
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NORMAL)
          .build();

  private final String url;

  FeedTopics(String url) {
    this.url = url;
  }

  @Override
  public List<Candidate> candidates(int wanted) throws IOException, InterruptedException {
    HttpResponse<byte[]> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(20))
                .header(
                    "Accept",
                    "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.1")
                .header("User-Agent", "renderowl-channels")
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() / 100 != 2) {
      throw new IOException("feed " + url + " answered HTTP " + response.statusCode());
    }
    return parse(response.body());
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
