package io.renderowl.activities.voice;

import io.renderowl.activities.provider.ProviderFailures;
import io.renderowl.activities.provider.ProviderHttp;
import io.renderowl.activities.provider.UsageSink;
import io.renderowl.infra.config.ProviderSettings;
import io.renderowl.workflows.Ssml;
import io.renderowl.workflows.WordTiming;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * ElevenLabs text to speech: {@code GET /v1/voices} for the voice list and {@code POST
 * /v1/text-to-speech/{voice_id}/with-timestamps} for speech ({@code xi-api-key} header, JSON body
 * with text, model_id and voice_settings; the answer carries {@code audio_base64} and a character
 * {@code alignment} with {@code characters}, {@code character_start_times_seconds} and {@code
 * character_end_times_seconds}, from which word timings are derived).
 */
public final class ElevenLabsSpeaker implements Speaker {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(ElevenLabsSpeaker.class);

  /** The voice used when the request's voice is not an ElevenLabs voice id ("Rachel"). */
  public static final String DEFAULT_VOICE_ID = "21m00Tcm4TlvDq8ikWAM";

  private static final Pattern VOICE_ID = Pattern.compile("[A-Za-z0-9]{16,32}");

  private final ProviderSettings.Endpoint endpoint;
  private final ProviderHttp http;
  private final UsageSink usage;
  private final long maxBytes;

  public ElevenLabsSpeaker(ProviderSettings settings, ProviderHttp http, UsageSink usage) {
    this.endpoint = settings.elevenLabs();
    this.http = http;
    this.usage = usage;
    this.maxBytes = settings.maxDownloadBytes();
  }

  @Override
  public String provider() {
    return "elevenlabs";
  }

  @Override
  public Speech speak(String runId, String text, String voice, Path dir) {
    String voiceId = voice != null && VOICE_ID.matcher(voice).matches() ? voice : DEFAULT_VOICE_ID;
    Ssml.Parsed parsed = Ssml.parse(text);
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("stability", 0.5);
    settings.put("similarity_boost", 0.75);
    if (parsed.rate() != 1.0) {
      settings.put("speed", Math.max(0.7, Math.min(1.2, parsed.rate())));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("text", Ssml.forElevenLabs(text));
    body.put("model_id", endpoint.model());
    body.put("voice_settings", settings);
    URI uri =
        URI.create(
            endpoint.baseUrl()
                + "/v1/text-to-speech/"
                + URLEncoder.encode(voiceId, StandardCharsets.UTF_8)
                + "/with-timestamps?output_format=mp3_44100_128");
    ProviderHttp.Call call =
        ProviderHttp.Call.post(
                "elevenlabs",
                "speech",
                uri,
                Map.of(
                    "xi-api-key",
                    endpoint.apiKey(),
                    "Content-Type",
                    "application/json",
                    "Accept",
                    "application/json"),
                ProviderHttp.JSON.writeValueAsBytes(body))
            .withMaxBytes(maxBytes * 2);
    ProviderHttp.Response response = http.send(call);
    JsonNode json = response.json(call);
    String audio = json.path("audio_base64").asString("");
    if (audio.isBlank()) {
      throw ProviderFailures.retryable(
          ProviderFailures.BAD_OUTPUT, "elevenlabs speech answer has no audio_base64");
    }
    byte[] mp3;
    try {
      mp3 = Base64.getDecoder().decode(audio);
    } catch (IllegalArgumentException e) {
      throw ProviderFailures.retryable(
          ProviderFailures.AUDIO_TRUNCATED,
          "elevenlabs audio_base64 is not valid base64: " + e.getMessage());
    }
    Path file = write(dir, mp3);
    List<WordTiming> words = List.of();
    String source = "estimate";
    JsonNode alignment = json.path("alignment");
    if (alignment.isObject() && alignment.path("characters").isArray()) {
      List<String> characters = strings(alignment.path("characters"));
      if (letters(String.join("", characters)).equals(letters(parsed.plain()))) {
        words =
            WordTimings.fromCharacters(
                characters,
                numbers(alignment.path("character_start_times_seconds")),
                numbers(alignment.path("character_end_times_seconds")));
        source = "provider";
      } else {
        // Timings of some other text would put wrong words on screen: estimate instead.
        LOG.warn(
            "elevenlabs alignment does not spell the requested text; word timings are estimated");
      }
    }
    double expectedEnd = words.isEmpty() ? 0 : words.getLast().end();
    double seconds = AudioCheck.check("elevenlabs", file, parsed.plain(), expectedEnd);
    if (words.isEmpty()) {
      words = WordTimings.estimate(parsed.plain(), seconds);
    }
    usage.record(
        runId, "elevenlabs", "speech", "characters", parsed.plain().length(), response.cached());
    usage.record(runId, "elevenlabs", "speech", "audio_seconds", seconds, response.cached());
    return new Speech(file, "audio/mpeg", "mp3", seconds, words, source);
  }

  @Override
  public List<Voice> voices() {
    ProviderHttp.Call call =
        ProviderHttp.Call.get(
            "elevenlabs",
            "voices",
            URI.create(endpoint.baseUrl() + "/v1/voices"),
            Map.of("xi-api-key", endpoint.apiKey(), "Accept", "application/json"));
    JsonNode json = http.send(call).json(call);
    List<Voice> voices = new ArrayList<>();
    for (JsonNode v : json.path("voices")) {
      JsonNode labels = v.path("labels");
      String language = labels.path("language").asString(labels.path("accent").asString(""));
      voices.add(
          new Voice(
              v.path("voice_id").asString(""),
              v.path("name").asString(""),
              "elevenlabs",
              language,
              v.path("preview_url").asString("")));
    }
    return voices;
  }

  /** Letters and digits only, lower case: what must match between the text and its alignment. */
  static String letters(String s) {
    return s.replaceAll("<[^>]*>", "")
        .replaceAll("[^\\p{L}\\p{N}]", "")
        .toLowerCase(java.util.Locale.ROOT);
  }

  private static Path write(Path dir, byte[] bytes) {
    try {
      Files.createDirectories(dir);
      return Files.write(Files.createTempFile(dir, "speech-", ".mp3"), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write speech audio in " + dir, e);
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asString("")));
    return out;
  }

  private static List<Double> numbers(JsonNode array) {
    List<Double> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asDouble()));
    return out;
  }
}
