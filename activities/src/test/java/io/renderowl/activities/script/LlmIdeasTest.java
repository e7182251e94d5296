package io.renderowl.activities.script;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.renderowl.activities.provider.ProviderHttp;
import io.renderowl.activities.provider.RateLimiter;
import io.renderowl.activities.provider.Stubs;
import io.renderowl.activities.worker.ProviderVideoIdeas;
import io.renderowl.activities.worker.Providers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Channel ideas from the chat model, against a WireMock stand-in for POST /v1/chat/completions. */
class LlmIdeasTest {
  static final Map<String, String> SLOW_MACHINE =
      Map.of("RENDEROWL_PROVIDER_TIMEOUT_SECONDS", "30");

  WireMockServer server;
  Stubs.Usage usage;
  LlmScriptWriter writer;

  @BeforeEach
  void start() {
    server = Stubs.start();
    usage = new Stubs.Usage();
    // A generous timeout: the stand-in answers at once, but a loaded machine may not.
    writer = LlmScriptWriter.openAi(Stubs.settings(server, SLOW_MACHINE), http(), usage);
  }

  private static ProviderHttp http() {
    return new ProviderHttp(
        RateLimiter.UNLIMITED, new Stubs.MapCache(), Duration.ofSeconds(30), () -> 1);
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private void answer(String scenarioState, String nextState, String content) {
    server.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .inScenario("ideas")
            .whenScenarioStateIs(scenarioState)
            .willSetStateTo(nextState)
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(Stubs.chatCompletion(content, 50, 30))));
  }

  @Test
  void asksForIdeasWithTheSchemaAndTheTopicsAlreadyProduced() {
    answer(
        Scenario.STARTED,
        "done",
        "{\"ideas\":[\"How owls turn their heads\",\"Why owls hoot at night\"]}");

    List<String> ideas = writer.ideas("Night birds", List.of("How owls fly silently"), 2);

    assertThat(ideas).containsExactly("How owls turn their heads", "Why owls hoot at night");
    server.verify(
        postRequestedFor(urlEqualTo("/v1/chat/completions"))
            .withRequestBody(
                matchingJsonPath("$.response_format.json_schema.name", equalTo("ideas")))
            .withRequestBody(containing("Channel: Night birds"))
            .withRequestBody(containing("How owls fly silently")));
    assertThat(usage.rows).anyMatch(u -> u.runId().equals("channel:Night birds"));
  }

  @Test
  void anAnswerThatRepeatsAProducedTopicIsSentBackWithTheProblem() {
    answer(Scenario.STARTED, "repaired", "{\"ideas\":[\"how owls fly silently\"]}");
    answer("repaired", "done", "{\"ideas\":[\"What owl pellets reveal\"]}");

    List<String> ideas = writer.ideas("Night birds", List.of("How owls fly silently"), 1);

    assertThat(ideas).containsExactly("What owl pellets reveal");
    server.verify(
        postRequestedFor(urlEqualTo("/v1/chat/completions"))
            .withRequestBody(containing("usable new idea(s), 1 are needed")));
  }

  @Test
  void theOfflineScriptProviderGivesNoModelIdeas() {
    Providers offline =
        Providers.create(
            Stubs.settings(server, Map.of("RENDEROWL_SCRIPT_PROVIDER", "offline")), http(), usage);

    assertThat(new ProviderVideoIdeas(offline).ideas("Night birds", List.of(), 3)).isEmpty();
  }
}
