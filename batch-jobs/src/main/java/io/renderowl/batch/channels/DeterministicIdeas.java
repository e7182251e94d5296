package io.renderowl.batch.channels;

import java.util.ArrayList;
import java.util.List;

/**
 * Offline idea generator: combines the channel's name with fixed angles, in a fixed order, so the
 * same channel always gets the same sequence of ideas (tests, no network, no keys).
 */
public final class DeterministicIdeas implements IdeaGenerator {
  static final List<String> ANGLES =
      List.of(
          "5 surprising facts about %s",
          "The history of %s in 60 seconds",
          "Common myths about %s",
          "How %s works",
          "Why %s matters today",
          "A beginner's guide to %s",
          "The future of %s",
          "%s explained with one example",
          "Mistakes people make with %s",
          "What experts get wrong about %s");

  @Override
  public List<String> ideas(String channelName, List<String> produced, int count, int attempt) {
    List<String> out = new ArrayList<>();
    int start = produced.size() + attempt * count;
    for (int i = start; out.size() < count; i++) {
      String angle = ANGLES.get(i % ANGLES.size());
      int round = i / ANGLES.size();
      String idea = String.format(angle, channelName);
      out.add(round == 0 ? idea : idea + " (part " + (round + 1) + ")");
    }
    return out;
  }
}
