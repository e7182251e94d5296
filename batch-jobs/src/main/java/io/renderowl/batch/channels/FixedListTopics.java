package io.renderowl.batch.channels;

import java.util.List;

/** A fixed list, used in order; topics already produced are skipped by the caller. */
final class FixedListTopics implements TopicSource {
  private final List<String> topics;

  FixedListTopics(List<String> topics) {
    this.topics = List.copyOf(topics);
  }

  @Override
  public List<Candidate> candidates(int wanted) {
    return topics.stream()
        .filter(t -> t != null && !t.isBlank())
        .map(t -> new Candidate(TopicSource.normalise(t), t.strip()))
        .toList();
  }

  @Override
  public String name() {
    return "list";
  }
}
