package io.renderowl.batch.channels;

import java.util.List;

/**
 * Makes up video ideas for a channel. The offline implementation is {@link DeterministicIdeas}; an
 * LLM-backed one belongs to the provider layer (being built on another branch) and plugs in here:
 * it gets the channel's name and the topics it produced so far, and returns new ideas.
 */
public interface IdeaGenerator {

  /**
   * {@code count} ideas for the channel, avoiding {@code produced} where it can (the caller also
   * refuses repeats).
   *
   * @param attempt 0 on the first call of a fire, higher when earlier ideas were all repeats
   */
  List<String> ideas(String channelName, List<String> produced, int count, int attempt);
}
