package io.renderowl.batch.channels;

import io.renderowl.infra.ai.VideoIdeas;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ideas from the chat model of the provider layer ({@link VideoIdeas}) when one is configured, the
 * offline {@link DeterministicIdeas} otherwise. When the model fails, the fire still produces: it
 * falls back to the offline ideas and says so in the log.
 */
public final class ProviderIdeas implements IdeaGenerator {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderIdeas.class);

  private final Supplier<@Nullable VideoIdeas> model;
  private final IdeaGenerator offline;

  public ProviderIdeas(Supplier<@Nullable VideoIdeas> model, IdeaGenerator offline) {
    this.model = model;
    this.offline = offline;
  }

  @Override
  public List<String> ideas(String channelName, List<String> produced, int count, int attempt) {
    VideoIdeas ideas = model.get();
    if (ideas != null) {
      try {
        Optional<List<String>> fromModel = ideas.ideas(channelName, produced, count);
        if (fromModel.isPresent() && !fromModel.get().isEmpty()) {
          return fromModel.get();
        }
      } catch (RuntimeException e) {
        LOG.warn(
            "channel '{}': the chat model gave no ideas ({}); using the offline ideas",
            channelName,
            e.getMessage());
      }
    }
    return offline.ideas(channelName, produced, count, attempt);
  }
}
