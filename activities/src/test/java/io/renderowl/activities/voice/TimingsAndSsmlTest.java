package io.renderowl.activities.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.renderowl.workflows.Ssml;
import io.renderowl.workflows.WordTiming;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimingsAndSsmlTest {

  @Test
  void theEstimateSharesTheAudioBySyllablesWithPausesAtPunctuation() {
    List<WordTiming> words = WordTimings.estimate("Octopuses have three hearts. Really!", 4.0);

    assertThat(words)
        .extracting(WordTiming::text)
        .containsExactly("Octopuses", "have", "three", "hearts.", "Really!");
    assertThat(words.getFirst().start()).isCloseTo(0.2, within(0.001));
    assertThat(words.getLast().end()).isCloseTo(3.8, within(0.001));
    // "Octopuses" (4 syllables) takes four times as long as "have" (1).
    double octopuses = words.get(0).end() - words.get(0).start();
    double have = words.get(1).end() - words.get(1).start();
    assertThat(octopuses / have).isCloseTo(4.0, within(0.01));
    // A sentence end leaves a gap before the next word.
    assertThat(words.get(4).start() - words.get(3).end()).isCloseTo(have, within(0.01));
    for (int i = 1; i < words.size(); i++) {
      assertThat(words.get(i).start()).isGreaterThanOrEqualTo(words.get(i - 1).end());
    }
  }

  @Test
  void characterAlignmentBecomesWords() {
    List<WordTiming> words =
        WordTimings.fromCharacters(
            List.of("H", "i", " ", "y", "o", "u", "!"),
            List.of(0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6),
            List.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7));

    assertThat(words)
        .containsExactly(new WordTiming("Hi", 0.0, 0.2), new WordTiming("you!", 0.3, 0.7));
    assertThatThrownBy(() -> WordTimings.fromCharacters(List.of("a"), List.of(), List.of()))
        .hasMessageContaining("alignment arrays differ in length");
  }

  @Test
  void ssmlSubsetIsMappedPerProvider() {
    String text =
        "<speak><prosody rate=\"slow\">Wait <break time=\"800ms\"/> for <emphasis>it</emphasis>.</prosody></speak>";

    assertThat(Ssml.plain(text)).isEqualTo("Wait for it.");
    assertThat(Ssml.parse(text).rate()).isEqualTo(0.8);
    assertThat(Ssml.parse(text).breaks()).containsExactly(0.8);
    assertThat(Ssml.forElevenLabs(text)).isEqualTo("Wait <break time=\"0.8s\" /> for it.");
    assertThat(Ssml.forOpenAi(text)).isEqualTo("Wait... for it.");
    assertThat(Ssml.forEspeak(text)).isEqualTo("Wait. for it.");
    assertThat(Ssml.rate("120%")).isEqualTo(1.2);
    assertThatThrownBy(() -> Ssml.rate("zippy")).hasMessageContaining("prosody rate 'zippy'");
  }
}
