package io.renderowl.infra.ai;

import java.util.List;
import java.util.Optional;

/**
 * Video ideas for an autopilot channel from the configured chat model (the worker's providers
 * implement it). The channels use it when the script provider is a chat model, and their offline
 * deterministic generator otherwise.
 */
public interface VideoIdeas {

  /**
   * {@code count} new ideas on the channel's theme, unlike the ones it {@code produced}; empty when
   * the script provider is the offline one.
   *
   * @throws RuntimeException when the model fails or keeps answering badly (the message says why)
   */
  Optional<List<String>> ideas(String channelName, List<String> produced, int count);
}
