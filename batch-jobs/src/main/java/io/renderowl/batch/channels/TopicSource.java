package io.renderowl.batch.channels;

import java.util.List;
import java.util.Locale;

/** Where a channel's topics come from. */
interface TopicSource {

  /**
   * A topic the source offers, with the key that identifies it for "never twice".
   *
   * @param key fixed list and ideas: the normalised topic; feeds: the item's guid, id or link
   * @param topic the text the video is about
   */
  record Candidate(String key, String topic) {}

  /** The source's candidates, in the order they should be produced. */
  List<Candidate> candidates(int wanted) throws Exception;

  /** "list", "rss" or "ideas". */
  String name();

  /** Lower case, inner whitespace collapsed, at most 200 characters. */
  static String normalise(String topic) {
    String n = topic.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    return n.length() <= 200 ? n : n.substring(0, 200);
  }
}
