package io.renderowl.activities.script;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.renderowl.activities.provider.ProviderFailures;
import io.renderowl.activities.provider.Stubs;
import io.renderowl.workflows.Aspect;
import io.renderowl.workflows.PipelineRequest;
import io.renderowl.workflows.Script;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The chat-model writer sizes scripts for the requested duration: the prompt asks for the words
 * that fill it, a far too long answer is trimmed here and a too short one is asked for again.
 */
class LlmScriptLengthTest {
  static final String PATH = "/v1/chat/completions";

  WireMockServer server;
  LlmScriptWriter writer;

  @BeforeEach
  void start() {
    server = Stubs.start();
    writer =
        LlmScriptWriter.openAi(
            Stubs.settings(server, Map.of()), Stubs.http(new Stubs.MapCache()), new Stubs.Usage());
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private static PipelineRequest request(int seconds) {
    return new PipelineRequest("u", "Tides", Aspect.VERTICAL, seconds, "en", List.of(), "k");
  }

  /** A script answer of {@code count} sentences of eight words each. */
  private static String script(int count) {
    String sentences =
        IntStream.range(0, count)
            .mapToObj(i -> "\"Sentence " + i + " tells one more fact about tides.\"")
            .collect(Collectors.joining(","));
    return "{\"title\":\"Tides\",\"sentences\":[" + sentences + "]}";
  }

  private void answer(String content) {
    server.stubFor(
        post(urlEqualTo(PATH))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(Stubs.chatCompletion(content, 10, 10))));
  }

  private static int words(Script script) {
    return String.join(" ", script.sentences()).split("\\s+").length;
  }

  @Test
  void theWordCountAskedForFillsTheDurationLessAPausePerScene() {
    assertThat(LlmScriptWriter.sceneCount(15)).isEqualTo(3);
    assertThat(LlmScriptWriter.sceneCount(60)).isEqualTo(10);
    assertThat(LlmScriptWriter.sceneCount(600)).isEqualTo(60);
    // (60 s - 10 scenes x 0.75 s) x 2.5 words a second.
    assertThat(LlmScriptWriter.targetWords(60)).isEqualTo(131);
    assertThat(LlmScriptWriter.targetWords(15)).isEqualTo(32);
    answer(script(17));

    writer.write("run-1", request(60), null);

    server.verify(
        postRequestedFor(urlEqualTo(PATH))
            .withRequestBody(
                matchingJsonPath(
                    "$.messages[1].content", containing("about 131 words, between 112 and 150")))
            .withRequestBody(
                matchingJsonPath(
                    "$.messages[1].content", containing("a 60-second video of about 10 scenes"))));
  }

  @Test
  void theScenePlanAsksForAboutOneScenePerSixSeconds() {
    answer(
        "{\"scenes\":[{\"text\":\"Tides rise.\",\"visual_prompt\":\"sea\",\"search_terms\":\"sea\",\"duration_seconds\":30}]}");

    writer.scenes("run-1", new Script("Tides", List.of("Tides rise."), "openai"), request(30));

    server.verify(
        postRequestedFor(urlEqualTo(PATH))
            .withRequestBody(
                matchingJsonPath("$.messages[1].content", containing("About 5 scenes."))));
  }

  @Test
  void aFarTooLongAnswerIsTrimmedKeepingTheOpeningAndTheClosingWithoutAskingAgain() {
    answer(script(12)); // 96 words for the 32 of a 15 s video

    Script script = writer.write("run-1", request(15), null);

    assertThat(words(script)).isBetween(32 - 8, (int) (32 * LlmScriptWriter.TOO_LONG));
    assertThat(script.sentences().getFirst()).startsWith("Sentence 0 ");
    assertThat(script.sentences().getLast()).startsWith("Sentence 11 ");
    assertThat(script.sentences()).hasSize(4);
    server.verify(1, postRequestedFor(urlEqualTo(PATH)));
  }

  @Test
  void aTooShortAnswerIsSentBackWithTheCountAndTheLongerOneIsUsed() {
    server.stubFor(
        post(urlEqualTo(PATH))
            .inScenario("short")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(Stubs.chatCompletion(script(8), 10, 10)))
            .willSetStateTo("asked again"));
    server.stubFor(
        post(urlEqualTo(PATH))
            .inScenario("short")
            .whenScenarioStateIs("asked again")
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(Stubs.chatCompletion(script(16), 10, 10))));

    Script script = writer.write("run-1", request(60), null); // 64 words for 131, then 128

    assertThat(script.sentences()).hasSize(16);
    server.verify(2, postRequestedFor(urlEqualTo(PATH)));
    server.verify(
        postRequestedFor(urlEqualTo(PATH))
            .withRequestBody(
                matchingJsonPath(
                    "$.messages[3].content",
                    containing(
                        "the script has 64 words, fewer than the 131 asked for: write about 131 words, at least 112"))));
  }

  @Test
  void anAnswerStillShortAfterTheRepairsIsUsedWhenItHasAtLeastHalfTheWords() {
    answer(script(10)); // 80 words for 131: 61%

    Script script = writer.write("run-1", request(60), null);

    assertThat(script.sentences()).hasSize(10);
    server.verify(3, postRequestedFor(urlEqualTo(PATH)));
  }

  @Test
  void anAnswerWithLessThanHalfTheWordsAfterTheRepairsFailsTheRun() {
    answer(script(6)); // 48 words for 131

    assertThatThrownBy(() -> writer.write("run-1", request(60), null))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getType()).isEqualTo(ProviderFailures.INVALID_MODEL_OUTPUT);
              assertThat(f.getOriginalMessage())
                  .contains("the script has 48 words, fewer than the 131 asked for");
            });
    server.verify(3, postRequestedFor(urlEqualTo(PATH)));
  }

  @Test
  void trimmingDropsTheSentencesBeforeTheClosingLatestFirst() {
    List<String> sentences =
        new ArrayList<>(
            List.of("One two three.", "Four five six.", "Seven eight nine.", "Ten eleven twelve."));

    LlmScriptWriter.trimToLength(sentences, 8);

    assertThat(sentences).containsExactly("One two three.", "Four five six.", "Ten eleven twelve.");
  }
}
