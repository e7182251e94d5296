package io.renderowl.activities.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.renderowl.activities.visuals.GeneratedSources;
import io.renderowl.activities.visuals.StockSources;
import io.renderowl.activities.voice.ElevenLabsSpeaker;
import io.renderowl.activities.voice.OpenAiSpeaker;
import io.renderowl.infra.config.ProviderSettings;
import io.renderowl.workflows.Aspect;
import io.renderowl.workflows.Scene;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The same faults against every provider: each ends in a classified failure, never a hang. */
class ProviderFaultsTest {
  static WireMockServer server;
  static ProviderSettings settings;
  static final Scene SCENE =
      new Scene(0, "Octopuses have three hearts.", "an octopus", 3, "octopus");

  @BeforeEach
  void start() {
    server = Stubs.start();
    settings = Stubs.settings(server, Map.of());
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  interface ProviderCall {
    void run(ProviderHttp http);
  }

  static Stream<Arguments> providers() {
    Map<String, ProviderCall> calls =
        Map.of(
            "pexels",
                http ->
                    StockSources.pexelsPhotos(settings, http, UsageSink.NONE)
                        .find("r", SCENE, Aspect.SQUARE),
            "pexels-video",
                http ->
                    StockSources.pexelsVideos(settings, http, UsageSink.NONE)
                        .find("r", SCENE, Aspect.SQUARE),
            "pixabay",
                http ->
                    StockSources.pixabayPhotos(settings, http, UsageSink.NONE)
                        .find("r", SCENE, Aspect.SQUARE),
            "pixabay-video",
                http ->
                    StockSources.pixabayVideos(settings, http, UsageSink.NONE)
                        .find("r", SCENE, Aspect.SQUARE),
            "openai-images",
                http ->
                    GeneratedSources.openAiImages(settings, http, UsageSink.NONE)
                        .find("r", SCENE, Aspect.SQUARE),
            "stability",
                http ->
                    GeneratedSources.stability(settings, http, UsageSink.NONE)
                        .find("r", SCENE, Aspect.SQUARE),
            "openai-tts",
                http ->
                    new OpenAiSpeaker(settings, http, UsageSink.NONE)
                        .speak("r", SCENE.text(), "alloy", tmp()),
            "elevenlabs",
                http ->
                    new ElevenLabsSpeaker(settings, http, UsageSink.NONE)
                        .speak("r", SCENE.text(), "en", tmp()),
            "elevenlabs-voices",
                http -> new ElevenLabsSpeaker(settings, http, UsageSink.NONE).voices());
    Map<String, Consumer<ApplicationFailure>> faults =
        Map.of(
            "429 with Retry-After",
                f -> {
                  assertThat(f.getType()).isEqualTo(ProviderFailures.RATE_LIMITED);
                  assertThat(f.getNextRetryDelay())
                      .isBetween(Duration.ofSeconds(12), Duration.ofMillis(13_200));
                },
            "500",
                f -> {
                  assertThat(f.getType()).isEqualTo(ProviderFailures.UNAVAILABLE);
                  assertThat(f.isNonRetryable()).isFalse();
                },
            "timeout",
                f -> {
                  assertThat(f.getType()).isEqualTo(ProviderFailures.UNAVAILABLE);
                  assertThat(f.getOriginalMessage()).contains("timed out after 2 s");
                },
            "401",
                f -> {
                  assertThat(f.getType()).isEqualTo(ProviderFailures.REJECTED);
                  assertThat(f.isNonRetryable()).isTrue();
                  assertThat(f.getOriginalMessage()).contains("HTTP 401").contains("bad key");
                });
    return calls.entrySet().stream()
        .flatMap(c ->
            faults.entrySet().stream()
                .map(f -> Arguments.of(c.getKey(), f.getKey(), c.getValue(), f.getValue())));
  }

  static java.nio.file.Path tmp() {
    try {
      return Files.createTempDirectory("faults-");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static ResponseDefinitionBuilder answer(String fault) {
    return switch (fault) {
      case "429 with Retry-After" ->
          aResponse()
              .withStatus(429)
              .withHeader("Retry-After", "12")
              .withBody("{\"error\":\"too many\"}");
      case "500" -> aResponse().withStatus(500).withBody("{\"error\":{\"message\":\"internal\"}}");
      case "timeout" -> aResponse().withFixedDelay(3000).withBody("{}");
      default -> aResponse().withStatus(401).withBody("{\"error\":{\"message\":\"bad key\"}}");
    };
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("providers")
  void everyProviderClassifiesEveryFault(
      String provider, String fault, ProviderCall call, Consumer<ApplicationFailure> expect) {
    server.stubFor(any(anyUrl()).willReturn(answer(fault)));
    // Only the timeout case needs the short timeout (its stub answers after 3 s); the others answer
    // at once, and a 2 s limit made them time out when the machine was loaded.
    Duration timeout = fault.equals("timeout") ? Duration.ofSeconds(2) : Duration.ofSeconds(30);

    assertThatThrownBy(() -> call.run(Stubs.http(ResponseCache.NONE, timeout)))
        .as(provider + " / " + fault)
        .isInstanceOfSatisfying(ApplicationFailure.class, expect);
  }

  @ParameterizedTest(name = "{0}: malformed JSON")
  @MethodSource("jsonProviders")
  void malformedJsonIsARetryableBadOutput(String provider, ProviderCall call) {
    server.stubFor(
        any(anyUrl())
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"data\": [")));

    assertThatThrownBy(() -> call.run(Stubs.http(ResponseCache.NONE, Duration.ofSeconds(30))))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(ProviderFailures.BAD_OUTPUT);
              assertThat(f.isNonRetryable()).isFalse();
              assertThat(f.getOriginalMessage()).contains("malformed JSON");
            });
  }

  @ParameterizedTest(name = "{0}: a cut JSON answer is not cached")
  @MethodSource("jsonProviders")
  void aJsonAnswerCutInTransitIsNotCachedSoTheRetryAsksAgain(String provider, ProviderCall call) {
    server.stubFor(
        any(anyUrl())
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"photos\": [{\"id\": 1, \"src\": {\"orig")));
    Map<String, ResponseCache.Entry> kept = new java.util.concurrent.ConcurrentHashMap<>();
    ResponseCache memory =
        new ResponseCache() {
          @Override
          public java.util.Optional<Entry> get(String key) {
            return java.util.Optional.ofNullable(kept.get(key));
          }

          @Override
          public void put(String key, Entry entry) {
            kept.put(key, entry);
          }

          @Override
          public void evict(String key) {
            kept.remove(key);
          }
        };
    ProviderHttp http = Stubs.http(memory);
    for (int attempt = 1; attempt <= 2; attempt++) {
      assertThatThrownBy(() -> call.run(http))
          .as(provider + ", attempt")
          .isInstanceOfSatisfying(
              ApplicationFailure.class,
              f -> assertThat(f.getType()).isEqualTo(ProviderFailures.BAD_OUTPUT));
    }
    assertThat(kept).as(provider + ": cached answers").isEmpty();
    assertThat(server.getAllServeEvents())
        .as(provider + ": the second attempt asked the provider again")
        .hasSizeGreaterThanOrEqualTo(2);
  }

  static Stream<Arguments> jsonProviders() {
    return providers()
        .filter(a -> a.get()[1].equals("500"))
        .filter(a -> !a.get()[0].equals("openai-tts") && !a.get()[0].equals("stability"))
        .map(a -> Arguments.of(a.get()[0], a.get()[2]));
  }
}
