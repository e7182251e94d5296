package io.renderowl.activities.voice;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.renderowl.activities.provider.ProviderFailures;
import io.renderowl.activities.provider.ResponseCache;
import io.renderowl.activities.provider.Stubs;
import io.renderowl.activities.provider.TestMedia;
import io.renderowl.infra.config.ProviderSettings;
import io.renderowl.workflows.WordTiming;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ElevenLabs and OpenAI TTS against WireMock stand-ins of their documented endpoints. */
public class SpeakersTest {
  public static final String TEXT = "Octopuses have three hearts.";
  static final String SPEECH_PATH =
      "/v1/text-to-speech/" + ElevenLabsSpeaker.DEFAULT_VOICE_ID + "/with-timestamps";

  WireMockServer server;
  ProviderSettings settings;
  Stubs.Usage usage = new Stubs.Usage();
  @TempDir Path dir;

  @BeforeEach
  void start() {
    server = Stubs.start();
    settings = Stubs.settings(server, Map.of());
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  /**
   * The documented with-timestamps answer: base64 audio and a per-character alignment over {@code
   * seconds}.
   */
  public static String withTimestamps(byte[] audio, String text, double seconds) {
    List<String> chars = new ArrayList<>();
    List<String> starts = new ArrayList<>();
    List<String> ends = new ArrayList<>();
    double step = seconds / text.length();
    for (int i = 0; i < text.length(); i++) {
      chars.add("\"" + text.charAt(i) + "\"");
      starts.add(String.format(java.util.Locale.ROOT, "%.3f", i * step));
      ends.add(String.format(java.util.Locale.ROOT, "%.3f", (i + 1) * step));
    }
    String alignment =
        "{\"characters\":"
            + chars
            + ",\"character_start_times_seconds\":["
            + String.join(",", starts)
            + "],\"character_end_times_seconds\":["
            + String.join(",", ends)
            + "]}";
    return "{\"audio_base64\":\""
        + Base64.getEncoder().encodeToString(audio)
        + "\",\"alignment\":"
        + alignment
        + ",\"normalized_alignment\":"
        + alignment
        + "}";
  }

  @Test
  void elevenLabsSpeaksWithCharacterTimestampsTurnedIntoWordTimings() {
    server.stubFor(
        post(urlPathEqualTo(SPEECH_PATH))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(withTimestamps(TestMedia.mp3(2.0), TEXT, 1.8))));
    ElevenLabsSpeaker speaker =
        new ElevenLabsSpeaker(settings, Stubs.http(new Stubs.MapCache()), usage);

    Speaker.Speech speech = speaker.speak("run-1", TEXT + " <break time=\"500ms\"/>", "en", dir);

    assertThat(speech.durationSeconds()).isCloseTo(2.0, within(0.1));
    assertThat(speech.timingSource()).isEqualTo("provider");
    assertThat(speech.words())
        .extracting(WordTiming::text)
        .containsExactly("Octopuses", "have", "three", "hearts.");
    assertThat(speech.words().getFirst().start()).isZero();
    assertThat(speech.words().getLast().end()).isCloseTo(1.8, within(0.01));
    assertThat(speech.words().get(1).start()).isCloseTo(10 * 1.8 / TEXT.length(), within(0.01));
    server.verify(
        postRequestedFor(urlEqualTo(SPEECH_PATH + "?output_format=mp3_44100_128"))
            .withHeader("xi-api-key", equalTo("xi-test-key"))
            .withHeader("Content-Type", equalTo("application/json"))
            .withRequestBody(matchingJsonPath("$.model_id", equalTo("eleven_multilingual_v2")))
            .withRequestBody(matchingJsonPath("$.text", equalTo(TEXT + " <break time=\"0.5s\" />")))
            .withRequestBody(matchingJsonPath("$.voice_settings.stability")));
    assertThat(usage.total("characters")).isEqualTo(TEXT.length());
    assertThat(usage.total("audio_seconds")).isCloseTo(2.0, within(0.1));
  }

  @Test
  void anAlignmentOfAnotherTextIsNotTrustedAndTheTimingsAreEstimated() {
    server.stubFor(
        post(urlPathEqualTo(SPEECH_PATH))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        withTimestamps(TestMedia.mp3(2.0), "Something else entirely.", 1.8))));

    Speaker.Speech speech =
        new ElevenLabsSpeaker(settings, Stubs.http(ResponseCache.NONE), usage)
            .speak("run-1", TEXT, "en", dir);

    assertThat(speech.timingSource()).isEqualTo("estimate");
    assertThat(speech.words())
        .extracting(WordTiming::text)
        .containsExactly("Octopuses", "have", "three", "hearts.");
  }

  @Test
  void elevenLabsVoicesAreListed() {
    server.stubFor(
        get(urlEqualTo("/v1/voices"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"voices\":[{\"voice_id\":\"21m00Tcm4TlvDq8ikWAM\",\"name\":\"Rachel\",\"category\":\"premade\","
                            + "\"labels\":{\"accent\":\"american\",\"gender\":\"female\"},\"preview_url\":\"https://example.invalid/rachel.mp3\"}]}")));

    List<Speaker.Voice> voices =
        new ElevenLabsSpeaker(settings, Stubs.http(ResponseCache.NONE), usage).voices();

    assertThat(voices)
        .containsExactly(
            new Speaker.Voice(
                "21m00Tcm4TlvDq8ikWAM",
                "Rachel",
                "elevenlabs",
                "american",
                "https://example.invalid/rachel.mp3"));
    server.verify(
        getRequestedFor(urlEqualTo("/v1/voices")).withHeader("xi-api-key", equalTo("xi-test-key")));
  }

  @Test
  void truncatedElevenLabsAudioIsARetryableFailureWithItsReason() {
    byte[] full = TestMedia.mp3(2.0);
    byte[] cut = Arrays.copyOf(full, full.length / 8);
    server.stubFor(
        post(urlPathEqualTo(SPEECH_PATH))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(withTimestamps(cut, TEXT, 1.8))));

    assertThatThrownBy(() ->
            new ElevenLabsSpeaker(settings, Stubs.http(ResponseCache.NONE), usage)
                .speak("run-1", TEXT, "en", dir))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isFalse();
              assertThat(f.getType()).isEqualTo(ProviderFailures.AUDIO_TRUNCATED);
              assertThat(f.getOriginalMessage())
                  .startsWith("elevenlabs speech is truncated")
                  .contains("timings run to 1.80 s");
            });
  }

  @Test
  void elevenLabsFaults() {
    ElevenLabsSpeaker speaker =
        new ElevenLabsSpeaker(settings, Stubs.http(ResponseCache.NONE), usage);
    server.stubFor(
        post(urlPathEqualTo(SPEECH_PATH))
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "7")
                    .withBody(
                        "{\"detail\":{\"status\":\"too_many_concurrent_requests\",\"message\":\"Too many concurrent requests\"}}")));
    assertThatThrownBy(() -> speaker.speak("run-1", TEXT, "en", dir))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(ProviderFailures.RATE_LIMITED);
              assertThat(f.getNextRetryDelay())
                  .isBetween(Duration.ofSeconds(7), Duration.ofMillis(7700));
              assertThat(f.getOriginalMessage()).contains("Too many concurrent requests");
            });

    server.resetAll();
    server.stubFor(
        post(urlPathEqualTo(SPEECH_PATH))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withBody(
                        "{\"detail\":{\"status\":\"invalid_api_key\",\"message\":\"Invalid API key\"}}")));
    assertThatThrownBy(() -> speaker.speak("run-1", TEXT, "en", dir))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage()).contains("HTTP 401").contains("Invalid API key");
            });

    server.resetAll();
    server.stubFor(
        post(urlPathEqualTo(SPEECH_PATH))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"audio_base64\":")));
    assertThatThrownBy(() -> speaker.speak("run-1", TEXT, "en", dir))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> assertThat(f.getType()).isEqualTo(ProviderFailures.BAD_OUTPUT));

    server.resetAll();
    server.stubFor(
        post(urlPathEqualTo(SPEECH_PATH))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"audio_base64\":\"\",\"alignment\":null}")));
    assertThatThrownBy(() -> speaker.speak("run-1", TEXT, "en", dir))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> assertThat(f.getOriginalMessage()).contains("no audio_base64"));

    server.resetAll();
    server.stubFor(
        post(urlPathEqualTo(SPEECH_PATH))
            .willReturn(aResponse().withStatus(503).withBody("upstream overloaded")));
    assertThatThrownBy(() -> speaker.speak("run-1", TEXT, "en", dir))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isFalse();
              assertThat(f.getType()).isEqualTo(ProviderFailures.UNAVAILABLE);
              assertThat(f.getOriginalMessage()).contains("HTTP 503: upstream overloaded");
            });
  }

  @Test
  void openAiSpeechSendsTheDocumentedBodyAndEstimatesTimings() {
    server.stubFor(
        post(urlEqualTo("/v1/audio/speech"))
            .willReturn(
                aResponse().withHeader("Content-Type", "audio/wav").withBody(TestMedia.wav(2.4))));
    OpenAiSpeaker speaker = new OpenAiSpeaker(settings, Stubs.http(ResponseCache.NONE), usage);

    Speaker.Speech speech =
        speaker.speak(
            "run-1",
            "<prosody rate=\"fast\">Octopuses have <emphasis>three</emphasis> hearts.</prosody>",
            "nova",
            dir);

    assertThat(speech.durationSeconds()).isCloseTo(2.4, within(0.01));
    assertThat(speech.timingSource()).isEqualTo("estimate");
    assertThat(speech.words())
        .extracting(WordTiming::text)
        .containsExactly("Octopuses", "have", "three", "hearts.");
    assertThat(speech.words().getLast().end()).isLessThanOrEqualTo(2.4).isGreaterThan(2.0);
    server.verify(
        postRequestedFor(urlEqualTo("/v1/audio/speech"))
            .withHeader("Authorization", equalTo("Bearer sk-test-openai"))
            .withRequestBody(matchingJsonPath("$.model", equalTo("tts-1")))
            .withRequestBody(matchingJsonPath("$.voice", equalTo("nova")))
            .withRequestBody(matchingJsonPath("$.response_format", equalTo("wav")))
            .withRequestBody(matchingJsonPath("$.speed", equalTo("1.2")))
            .withRequestBody(matchingJsonPath("$.input", equalTo("Octopuses have three hearts."))));
  }

  @Test
  void truncatedOpenAiAudioFails() {
    byte[] wav = TestMedia.wav(2.4);
    server.stubFor(
        post(urlEqualTo("/v1/audio/speech"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "audio/wav")
                    .withBody(Arrays.copyOf(wav, 44 + 2000))));

    assertThatThrownBy(() ->
            new OpenAiSpeaker(settings, Stubs.http(ResponseCache.NONE), usage)
                .speak("run-1", TEXT, "alloy", dir))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(ProviderFailures.AUDIO_TRUNCATED);
              assertThat(f.isNonRetryable()).isFalse();
            });
  }
}
