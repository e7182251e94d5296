package io.renderowl.activities.voice;

import io.renderowl.activities.provider.ProviderFailures;
import io.renderowl.activities.provider.ProviderHttp;
import io.renderowl.activities.provider.UsageSink;
import io.renderowl.infra.config.ProviderSettings;
import io.renderowl.workflows.Ssml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenAI text to speech: {@code POST {base}/audio/speech} with {@code Authorization: Bearer}, a
 * JSON body (model, input, voice, response_format "wav", speed) and the audio bytes as the answer.
 * The API gives no timings, so word timings are {@link WordTimings#estimate estimated}.
 */
public final class OpenAiSpeaker implements Speaker {
  /** The built-in voices of the speech endpoint. */
  public static final List<String> VOICES =
      List.of(
          "alloy", "ash", "ballad", "coral", "echo", "fable", "nova", "onyx", "sage", "shimmer",
          "verse");

  private final ProviderSettings.OpenAi endpoint;
  private final ProviderHttp http;
  private final UsageSink usage;
  private final long maxBytes;

  public OpenAiSpeaker(ProviderSettings settings, ProviderHttp http, UsageSink usage) {
    this.endpoint = settings.openAi();
    this.http = http;
    this.usage = usage;
    this.maxBytes = settings.maxDownloadBytes();
  }

  @Override
  public String provider() {
    return "openai-tts";
  }

  @Override
  public Speech speak(String runId, String text, String voice, Path dir) {
    Ssml.Parsed parsed = Ssml.parse(text);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", endpoint.ttsModel());
    body.put("input", Ssml.forOpenAi(text));
    body.put("voice", voice != null && VOICES.contains(voice) ? voice : "alloy");
    body.put("response_format", "wav");
    if (parsed.rate() != 1.0) {
      body.put("speed", Math.max(0.25, Math.min(4.0, parsed.rate())));
    }
    ProviderHttp.Call call =
        ProviderHttp.Call.post(
                "openai",
                "speech",
                URI.create(endpoint.baseUrl() + "/audio/speech"),
                Map.of(
                    "Authorization",
                    "Bearer " + endpoint.apiKey(),
                    "Content-Type",
                    "application/json"),
                ProviderHttp.JSON.writeValueAsBytes(body))
            .withMaxBytes(maxBytes);
    ProviderHttp.Response response = http.send(call);
    if (response.contentType().startsWith("application/json")) {
      throw ProviderFailures.retryable(
          ProviderFailures.BAD_OUTPUT,
          "openai speech answered JSON instead of audio: " + ProviderHttp.preview(response.text()));
    }
    Path file;
    try {
      Files.createDirectories(dir);
      file = Files.write(Files.createTempFile(dir, "speech-", ".wav"), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write speech audio in " + dir, e);
    }
    double seconds = AudioCheck.check("openai", file, parsed.plain(), 0);
    usage.record(
        runId, "openai", "speech", "characters", parsed.plain().length(), response.cached());
    usage.record(runId, "openai", "speech", "audio_seconds", seconds, response.cached());
    return new Speech(
        file,
        "audio/wav",
        "wav",
        seconds,
        WordTimings.estimate(parsed.plain(), seconds),
        "estimate");
  }

  @Override
  public List<Voice> voices() {
    return VOICES.stream().map(v -> new Voice(v, v, "openai-tts", "", "")).toList();
  }
}
