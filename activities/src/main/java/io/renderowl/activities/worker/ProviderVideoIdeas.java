package io.renderowl.activities.worker;

import io.renderowl.infra.ai.VideoIdeas;
import java.util.List;
import java.util.Optional;

/** Channel ideas from the configured chat model; none when the script provider is offline. */
public final class ProviderVideoIdeas implements VideoIdeas {
  private final Providers providers;

  public ProviderVideoIdeas(Providers providers) {
    this.providers = providers;
  }

  @Override
  public Optional<List<String>> ideas(String channelName, List<String> produced, int count) {
    return providers.scriptWriter() == null
        ? Optional.empty()
        : Optional.of(providers.scriptWriter().ideas(channelName, produced, count));
  }
}
