package io.renderowl.batch.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderowl.infra.ai.VideoIdeas;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProviderIdeasTest {
  private final DeterministicIdeas offline = new DeterministicIdeas();

  @Test
  void theChatModelsIdeasAreUsedWhenItGivesSome() {
    VideoIdeas model =
        (name, produced, count) -> Optional.of(List.of("Owl idea " + produced.size()));

    assertThat(new ProviderIdeas(() -> model, offline).ideas("Owls", List.of("a"), 1, 0))
        .containsExactly("Owl idea 1");
  }

  @Test
  void withoutAModelOrWithTheOfflineScriptProviderTheDeterministicIdeasStay() {
    VideoIdeas offlineProvider = (name, produced, count) -> Optional.empty();

    assertThat(new ProviderIdeas(() -> null, offline).ideas("Owls", List.of(), 2, 0))
        .isEqualTo(offline.ideas("Owls", List.of(), 2, 0));
    assertThat(new ProviderIdeas(() -> offlineProvider, offline).ideas("Owls", List.of(), 2, 0))
        .isEqualTo(offline.ideas("Owls", List.of(), 2, 0));
  }

  @Test
  void aFailingModelFallsBackToTheOfflineIdeasSoTheFireStillProduces() {
    VideoIdeas broken =
        (name, produced, count) -> {
          throw new IllegalStateException("openai ideas: HTTP 500");
        };

    assertThat(new ProviderIdeas(() -> broken, offline).ideas("Owls", List.of(), 1, 0))
        .containsExactly("5 surprising facts about Owls");
  }
}
