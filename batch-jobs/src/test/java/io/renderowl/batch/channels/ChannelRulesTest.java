package io.renderowl.batch.channels;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelRulesTest {

  @Test
  void unixCronBecomesQuartzCronWithSeconds() {
    assertThat(QuartzChannels.quartzCron("* * * * *")).isEqualTo("0 * * * * ?");
    assertThat(QuartzChannels.quartzCron("30 9 * * MON-FRI")).isEqualTo("0 30 9 ? * MON-FRI");
    assertThat(QuartzChannels.quartzCron("0 0 9 * * ?")).isEqualTo("0 0 9 * * ?");
  }

  @Test
  void aChannelCronIsReadInItsTimeZone() {
    Instant from = Instant.parse("2026-11-24T12:00:00Z");
    assertThat(QuartzChannels.nextFire("0 0 9 * * ?", "Europe/Berlin", from))
        .isEqualTo(Instant.parse("2026-11-25T08:00:00Z"));
    assertThat(QuartzChannels.nextFire("0 0 9 * * ?", "America/New_York", from))
        .isEqualTo(Instant.parse("2026-11-24T14:00:00Z"));
  }

  @Test
  void offlineIdeasAreDeterministicAndMoveOnWithWhatWasProduced() {
    DeterministicIdeas ideas = new DeterministicIdeas();
    List<String> first = ideas.ideas("Volcanoes", List.of(), 2, 0);
    assertThat(first)
        .containsExactly(
            "5 surprising facts about Volcanoes", "The history of Volcanoes in 60 seconds");
    assertThat(ideas.ideas("Volcanoes", List.of(), 2, 0)).isEqualTo(first);
    assertThat(ideas.ideas("Volcanoes", first, 2, 0)).doesNotContainAnyElementsOf(first);
    assertThat(ideas.ideas("Volcanoes", List.of(), 11, 0).get(10))
        .isEqualTo("5 surprising facts about Volcanoes (part 2)");
  }

  @Test
  void topicsAreComparedNormalised() {
    assertThat(TopicSource.normalise("  Why   Tides  Turn ")).isEqualTo("why tides turn");
    assertThat(new FixedListTopics(List.of("A", " ", "b  c")).candidates(5))
        .extracting(TopicSource.Candidate::key)
        .containsExactly("a", "b c");
  }
}
