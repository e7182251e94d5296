package io.renderowl.batch.channels;

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
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Items of an RSS 2.0 or Atom feed, oldest first, parsed with the JDK's XML parser (DTDs and
 * external entities refused). An item's key is its guid (RSS) or id (Atom), else its link, else its
 * title, so an item produced once is never produced again even when the feed repeats it.
 */
final class FeedTopics implements TopicSource {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NORMAL).build();

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
                .header("Accept", "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.1")
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
    Document doc;
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setExpandEntityReferences(false);
      DocumentBuilder b = f.newDocumentBuilder();
      b.setErrorHandler(null);
      doc = b.parse(new ByteArrayInputStream(xml));
    } catch (Exception e) {
      throw new IOException("not an RSS or Atom feed: " + e.getMessage(), e);
    }
    Element root = doc.getDocumentElement();
    List<Candidate> items = new ArrayList<>();
    boolean atom = "feed".equals(root.getLocalName());
    NodeList nodes = doc.getElementsByTagNameNS("*", atom ? "entry" : "item");
    for (int i = 0; i < nodes.getLength(); i++) {
      Element item = (Element) nodes.item(i);
      String title = text(item, "title");
      if (title == null || title.isBlank()) {
        continue;
      }
      String key = atom ? text(item, "id") : text(item, "guid");
      if (key == null || key.isBlank()) {
        key = atom ? atomLink(item) : text(item, "link");
      }
      if (key == null || key.isBlank()) {
        key = TopicSource.normalise(title);
      }
      key = "feed:" + (key.length() > 190 ? key.substring(0, 190) : key.strip());
      items.add(new Candidate(key, title.strip().replaceAll("\\s+", " ")));
    }
    if (items.isEmpty() && !atom && !"rss".equals(root.getLocalName()) && !"RDF".equals(root.getLocalName())) {
      throw new IOException("not an RSS or Atom feed (root element <" + root.getNodeName() + ">)");
    }
    Collections.reverse(items); // feeds list the newest first; produce the oldest new item first
    return items;
  }

  private static String text(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && name.equals(e.getLocalName())) {
        return e.getTextContent();
      }
    }
    return null;
  }

  private static String atomLink(Element entry) {
    for (Node n = entry.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && "link".equals(e.getLocalName())) {
        String rel = e.getAttribute("rel");
        if (rel.isEmpty() || "alternate".equals(rel)) {
          return e.getAttribute("href");
        }
      }
    }
    return null;
  }

  @Override
  public String name() {
    return "rss";
  }
}
