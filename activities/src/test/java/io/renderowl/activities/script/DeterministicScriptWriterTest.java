package io.renderowl.activities.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.renderowl.workflows.Scene;
import io.renderowl.workflows.Script;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DeterministicScriptWriterTest {

  private final DeterministicScriptWriter writer = new DeterministicScriptWriter();
  private final SceneSplitter splitter = new SceneSplitter();

  @Test
  void sameTopicAndDurationGiveTheSameScript() {
    assertThat(writer.write("octopus intelligence", 60))
        .isEqualTo(writer.write("octopus intelligence", 60));
  }

  @Test
  void differentTopicsGetDifferentSentenceOrders() {
    List<String> coffee = templatesOf(writer.write("coffee", 60), "coffee");
    List<String> volcanoes = templatesOf(writer.write("volcanoes", 60), "volcanoes");
    assertThat(coffee).isNotEqualTo(volcanoes);
  }

  @Test
  void everySentenceNamesTheTopicAndTheTitleComesFromIt() {
    Script script = writer.write("the history of coffee", 45);
    assertThat(script.title()).containsIgnoringCase("history of coffee");
    assertThat(script.provider()).isEqualTo("offline:deterministic-script");
    assertThat(script.sentences()).allSatisfy(s -> assertThat(s).contains("the history of coffee"));
    assertThat(script.sentences()).doesNotHaveDuplicates();
  }

  @Test
  void theEstimatedVideoLengthIsCloseToTheTarget() {
    for (int seconds : new int[] {15, 30, 60, 180, 600}) {
      Script script = writer.write("coffee", seconds);
      List<Scene> scenes = splitter.split(script, seconds);
      double video =
          SpeakingTime.of(String.join(" ", script.sentences()))
              + scenes.size() * Scene.NARRATION_MARGIN_SECONDS;
      assertThat(video)
          .as("estimated video for %d s", seconds)
          .isBetween(seconds * 0.9, seconds * 1.1);
    }
  }

  @Test
  void shortVideosGetThreeSentencesAndThreeScenesAndLongOnesAboutOneScenePerSixSeconds() {
    assertThat(writer.write("coffee", 10).sentences()).hasSize(3);
    assertThat(splitter.split(writer.write("coffee", 15), 15)).hasSize(3);
    assertThat(writer.write("coffee", 600).sentences()).hasSizeBetween(100, 160);
    assertThat(splitter.split(writer.write("coffee", 600), 600)).hasSize(100);
  }

  @Test
  void aLongTopicInAShortVideoIsNamedOnceAndTheOtherSentencesAreBrief() {
    String topic = "How the printing press changed European politics and religion";
    Script script = writer.write(topic, 15);

    assertThat(script.sentences()).hasSize(3);
    assertThat(script.sentences().getFirst())
        .isEqualTo(
            "Let us take a closer look at how the printing press changed European politics and religion.");
    assertThat(script.sentences().subList(1, 3))
        .allSatisfy(s -> assertThat(s).doesNotContain("printing press"));
    assertThat(
            SpeakingTime.of(String.join(" ", script.sentences()))
                + 3 * Scene.NARRATION_MARGIN_SECONDS)
        .isLessThan(15 * 1.15);
    // A short topic keeps the usual sentences.
    assertThat(writer.write("coffee", 15).sentences())
        .allSatisfy(s -> assertThat(s).containsIgnoringCase("coffee"));
  }

  @Test
  void sceneCountFollowsTheTargetWithOneOrTwoSentencesPerScene() {
    assertThat(SceneSplitter.sceneCount(3, 15)).isEqualTo(3);
    assertThat(SceneSplitter.sceneCount(2, 15)).isEqualTo(2);
    assertThat(SceneSplitter.sceneCount(7, 30)).isEqualTo(5);
    assertThat(SceneSplitter.sceneCount(12, 30)).isEqualTo(6);
    assertThat(SceneSplitter.sceneCount(8, 120)).isEqualTo(8);
  }

  @Test
  void sceneSharesAreTheMarginPlusSpeakingTimeSoEveryScenePacesAlike() {
    Script script = writer.write("deep sea creatures", 60);
    List<Scene> scenes = splitter.split(script, 60);
    double speech = 60 - scenes.size() * Scene.NARRATION_MARGIN_SECONDS;
    double estimated = scenes.stream().mapToDouble(s -> SpeakingTime.of(s.text())).sum();
    assertThat(scenes)
        .allSatisfy(scene ->
            assertThat(scene.targetSeconds() - Scene.NARRATION_MARGIN_SECONDS)
                .isCloseTo(speech * SpeakingTime.of(scene.text()) / estimated, within(1e-9)));
  }

  @Test
  void splitterMakesAtLeastThreeScenesOfOneOrTwoSentencesSharingTheDuration() {
    for (int seconds : new int[] {15, 30, 90}) {
      Script script = writer.write("deep sea creatures", seconds);
      List<Scene> scenes = splitter.split(script, seconds);

      assertThat(scenes).hasSizeGreaterThanOrEqualTo(3);
      assertThat(scenes)
          .extracting(Scene::index)
          .containsExactlyElementsOf(IntStream.range(0, scenes.size()).boxed().toList());
      assertThat(scenes)
          .allSatisfy(scene -> {
            assertThat(scene.text()).contains("deep sea creatures");
            assertThat(sentenceCount(scene.text())).isBetween(1, 2);
            assertThat(scene.visualPrompt())
                .isNotBlank()
                .hasSizeLessThan(120)
                .contains("creatures");
            assertThat(scene.targetSeconds()).isPositive();
          });
      assertThat(String.join(" ", scenes.stream().map(Scene::text).toList()))
          .isEqualTo(String.join(" ", script.sentences()));
      assertThat(scenes.stream().mapToDouble(Scene::targetSeconds).sum())
          .isCloseTo(seconds, within(1e-9));
    }
  }

  @Test
  void blankTopicIsRejected() {
    assertThatThrownBy(() -> writer.write("  ", 30))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("topic");
  }

  private static List<String> templatesOf(Script script, String topic) {
    return script.sentences().stream().map(s -> s.replace(topic, "{t}")).toList();
  }

  private static int sentenceCount(String text) {
    return text.split("(?<=[.!?])\\s+").length;
  }
}
