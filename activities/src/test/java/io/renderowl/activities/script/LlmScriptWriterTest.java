package io.renderowl.activities.script;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.renderowl.activities.provider.ProviderFailures;
import io.renderowl.activities.provider.Stubs;
import io.renderowl.activities.provider.UsageSink;
import io.renderowl.activities.worker.Providers;
import io.renderowl.workflows.Aspect;
import io.renderowl.workflows.PipelineRequest;
import io.renderowl.workflows.Scene;
import io.renderowl.workflows.Script;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The LangChain4j chat model against a WireMock stand-in for POST /v1/chat/completions. */
class LlmScriptWriterTest {
  static final String SCRIPT_JSON =
      "{\"title\":\"Three hearts\",\"sentences\":[\"Octopuses have three hearts.\",\"Two pump blood through the gills.\","
          + "\"The third pumps it through the body.\",\"Their blood is blue because of copper.\",\"Swimming tires the main heart.\"]}";

  WireMockServer server;
  Stubs.MapCache cache;
  Stubs.Usage usage;
  LlmScriptWriter writer;
  PipelineRequest request =
      new PipelineRequest(
          "u",
          "Why octopuses have three hearts",
          Aspect.LANDSCAPE,
          15,
          "en",
          List.of(),
          "k",
          "storytelling",
          "de",
          null);

  @BeforeEach
  void start() {
    server = Stubs.start();
    cache = new Stubs.MapCache();
    usage = new Stubs.Usage();
    writer = LlmScriptWriter.openAi(Stubs.settings(server, Map.of()), Stubs.http(cache), usage);
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private void answer(String content) {
    server.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(Stubs.chatCompletion(content, 120, 80))));
  }

  @Test
  void writesAScriptWithTheDocumentedRequestAndRecordsTokens() {
    answer(SCRIPT_JSON);

    Script script = writer.write("run-1", request, null);

    assertThat(script.title()).isEqualTo("Three hearts");
    assertThat(script.sentences()).hasSize(5).first().isEqualTo("Octopuses have three hearts.");
    assertThat(script.provider()).isEqualTo("openai");
    server.verify(
        postRequestedFor(urlEqualTo("/v1/chat/completions"))
            .withHeader("Authorization", equalTo("Bearer sk-test-openai"))
            .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-mini")))
            .withRequestBody(matchingJsonPath("$.response_format.type", equalTo("json_schema")))
            .withRequestBody(
                matchingJsonPath("$.response_format.json_schema.name", equalTo("script")))
            .withRequestBody(matchingJsonPath("$.messages[0].role", equalTo("system")))
            .withRequestBody(
                matchingJsonPath(
                    "$.messages[0].content",
                    com.github.tomakehurst.wiremock.client.WireMock.containing("'de'")))
            .withRequestBody(
                matchingJsonPath(
                    "$.messages[0].content",
                    com.github.tomakehurst.wiremock.client.WireMock.containing("short story"))));
    assertThat(usage.total("input_tokens")).isEqualTo(120);
    assertThat(usage.total("output_tokens")).isEqualTo(80);
  }

  @Test
  void serversWithoutSchemaSupportGetJsonObjectMode() {
    answer(SCRIPT_JSON);
    LlmScriptWriter objectMode =
        LlmScriptWriter.openAi(
            Stubs.settings(server, Map.of("RENDEROWL_LLM_JSON_MODE", "object")),
            Stubs.http(cache),
            usage);

    assertThat(objectMode.write("run-1", request, "dry").title()).isEqualTo("Three hearts");
    server.verify(
        postRequestedFor(urlEqualTo("/v1/chat/completions"))
            .withRequestBody(matchingJsonPath("$.response_format.type", equalTo("json_object")))
            .withRequestBody(
                matchingJsonPath(
                    "$.messages[0].content",
                    com.github.tomakehurst.wiremock.client.WireMock.containing("Tone: dry"))));
  }

  @Test
  void theSamePromptTwiceIsPaidOnce() {
    answer(SCRIPT_JSON);

    writer.write("run-1", request, null);
    Script again = writer.write("run-2", request, null);

    assertThat(again.title()).isEqualTo("Three hearts");
    server.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    assertThat(usage.rows)
        .filteredOn(u -> u.runId().equals("run-2"))
        .allSatisfy(u -> assertThat(u.cached()).isTrue());
  }

  @Test
  void scenesComeBackValidatedWithDurationsRepairedToTheRequestedLength() {
    answer(
        "```json\n{\"scenes\":[{\"text\":\"Octopuses have three hearts.\",\"visual_prompt\":\"an octopus in blue water\","
            + "\"search_terms\":\"octopus\",\"duration_seconds\":4},{\"text\":\"Two pump blood through the gills.\","
            + "\"visual_prompt\":\"octopus gills close up\",\"search_terms\":\"\"}]}\n```");
    Script script =
        new Script(
            "Three hearts",
            List.of("Octopuses have three hearts.", "Two pump blood through the gills."),
            "openai");

    List<Scene> scenes = writer.scenes("run-1", script, request);

    assertThat(scenes).hasSize(2);
    assertThat(scenes.get(0).searchTerms()).isEqualTo("octopus");
    assertThat(scenes.get(1).searchTerms()).isEqualTo("octopus gills close up");
    assertThat(scenes.stream().mapToDouble(Scene::targetSeconds).sum())
        .isCloseTo(15.0, org.assertj.core.data.Offset.offset(0.05));
    server.verify(
        postRequestedFor(urlEqualTo("/v1/chat/completions"))
            .withRequestBody(
                matchingJsonPath("$.response_format.json_schema.name", equalTo("scenes"))));
  }

  @Test
  void malformedOutputIsSentBackForRepairAndThenAccepted() {
    server.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .inScenario("repair")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        Stubs.chatCompletion(
                            "{\"scenes\": [{\"visual_prompt\": \"octopus\"", 10, 5)))
            .willSetStateTo("repaired"));
    server.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .inScenario("repair")
            .whenScenarioStateIs("repaired")
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        Stubs.chatCompletion(
                            "{\"scenes\":[{\"text\":\"Octopuses have three hearts.\",\"visual_prompt\":\"octopus\","
                                + "\"search_terms\":\"octopus\",\"duration_seconds\":12}]}",
                            10,
                            5))));

    List<Scene> scenes =
        writer.scenes(
            "run-1", new Script("t", List.of("Octopuses have three hearts."), "openai"), request);

    assertThat(scenes)
        .singleElement()
        .satisfies(s -> assertThat(s.text()).isEqualTo("Octopuses have three hearts."));
    server.verify(2, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    server.verify(
        postRequestedFor(urlEqualTo("/v1/chat/completions"))
            .withRequestBody(
                matchingJsonPath(
                    "$.messages[3].content",
                    com.github.tomakehurst.wiremock.client.WireMock.containing("not valid"))));
  }

  @Test
  void outputThatStaysInvalidFailsWithoutRetryingAndRecordsTheAnswer() {
    answer("{\"scenes\": []}");

    assertThatThrownBy(
            () -> writer.scenes("run-1", new Script("t", List.of("One."), "openai"), request))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getType()).isEqualTo(ProviderFailures.INVALID_MODEL_OUTPUT);
              assertThat(f.getOriginalMessage())
                  .contains("after 2 repair request(s)")
                  .contains("its last answer: {\"scenes\": []}");
            });
    server.verify(3, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    // Invalid answers are not kept: asking again pays again instead of replaying the bad answer.
    assertThat(cache.entries).isEmpty();
  }

  @Test
  void aSelectedProviderWithoutItsKeyStopsStartUp() {
    Map<String, String> env =
        Map.of("RENDEROWL_VOICE_PROVIDER", "openai", "RENDEROWL_VISUAL_PROVIDERS", "procedural");
    var settings =
        io.renderowl.infra.config.ProviderSettings.from(name -> env.getOrDefault(name, ""));

    assertThatThrownBy(() ->
            Providers.create(
                settings,
                (redis.clients.jedis.RedisClient) null,
                UsageSink.NONE,
                null,
                r -> java.util.Optional.empty(),
                io.renderowl.infra.net.OutboundUrls.strict()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("OPENAI_API_KEY (RENDEROWL_VOICE_PROVIDER=openai)");
  }

  @Test
  void rateLimitHonoursRetryAfterThroughATemporalRetryDelay() {
    server.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "20")
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":{\"message\":\"Rate limit reached for gpt-4o-mini\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}")));

    assertThatThrownBy(() -> writer.write("run-1", request, null))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isFalse();
              assertThat(f.getType()).isEqualTo(ProviderFailures.RATE_LIMITED);
              assertThat(f.getNextRetryDelay())
                  .isBetween(Duration.ofSeconds(20), Duration.ofSeconds(22));
              assertThat(f.getOriginalMessage()).contains("Rate limit reached for gpt-4o-mini");
            });
    server.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
  }

  @Test
  void serverErrorsAreRetryableAndBadKeysAreNot() {
    server.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .willReturn(
                aResponse()
                    .withStatus(500)
                    .withBody("{\"error\":{\"message\":\"The server had an error\"}}")));
    assertThatThrownBy(() -> writer.write("run-1", request, null))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isFalse();
              assertThat(f.getType()).isEqualTo(ProviderFailures.UNAVAILABLE);
              assertThat(f.getNextRetryDelay())
                  .isBetween(Duration.ofSeconds(1), Duration.ofSeconds(3));
            });

    server.resetAll();
    server.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withBody(
                        "{\"error\":{\"message\":\"Incorrect API key provided: sk-test\",\"code\":\"invalid_api_key\"}}")));
    assertThatThrownBy(() -> writer.write("run-1", request, null))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getType()).isEqualTo(ProviderFailures.REJECTED);
              assertThat(f.getOriginalMessage())
                  .contains("HTTP 401")
                  .contains("Incorrect API key provided");
            });
  }

  @Test
  void timeoutsAndMalformedBodiesAreRetryable() {
    server.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .willReturn(aResponse().withFixedDelay(3000).withBody("{}")));
    assertThatThrownBy(() -> writer.write("run-1", request, null))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isFalse();
              assertThat(f.getOriginalMessage()).contains("timed out after 2 s");
            });

    server.resetAll();
    server.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"choices\": [")));
    assertThatThrownBy(() -> writer.write("run-1", request, null))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isFalse();
              assertThat(f.getType()).isEqualTo(ProviderFailures.BAD_OUTPUT);
            });

    server.resetAll();
    server.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    assertThatThrownBy(() -> writer.write("run-1", request, null))
        .isInstanceOfSatisfying(
            ApplicationFailure.class, f -> assertThat(f.isNonRetryable()).isFalse());
  }
}
