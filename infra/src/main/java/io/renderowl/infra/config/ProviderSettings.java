package io.renderowl.infra.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Which AI and media provider each stage uses, and how to reach it (environment variables; the
 * README's "Providers" table lists them). Offline providers (deterministic script, procedural
 * pictures, espeak-ng) are used only when selected or when nothing else is configured.
 *
 * @param script RENDEROWL_SCRIPT_PROVIDER: openai | offline (default openai when OPENAI_API_KEY or
 *     OPENAI_BASE_URL is set, else offline)
 * @param visuals RENDEROWL_VISUAL_PROVIDERS: ordered list of user-assets, pexels, pexels-video, pixabay,
 *     pixabay-video, openai-images, stability, procedural (default: the keyed stock sources, else
 *     procedural)
 * @param voice RENDEROWL_VOICE_PROVIDER: elevenlabs | openai | espeak (default elevenlabs when
 *     ELEVENLABS_API_KEY is set, else openai when OPENAI_API_KEY is set, else espeak)
 * @param openAi OPENAI_BASE_URL, OPENAI_API_KEY, RENDEROWL_LLM_MODEL, RENDEROWL_IMAGE_MODEL,
 *     RENDEROWL_TTS_MODEL
 * @param elevenLabs ELEVENLABS_BASE_URL, ELEVENLABS_API_KEY, ELEVENLABS_MODEL_ID
 * @param pexels PEXELS_BASE_URL, PEXELS_API_KEY
 * @param pixabay PIXABAY_BASE_URL, PIXABAY_API_KEY
 * @param stability STABILITY_BASE_URL, STABILITY_API_KEY, STABILITY_MODEL (core | ultra | sd3)
 * @param requestsPerMinute RENDEROWL_PROVIDER_RPM: token-bucket rate per provider (default 60)
 * @param cacheTtl RENDEROWL_PROVIDER_CACHE_TTL_SECONDS: response cache lifetime (default 7 days)
 * @param timeout RENDEROWL_PROVIDER_TIMEOUT_SECONDS: one HTTP call (default 60)
 * @param maxDownloadBytes RENDEROWL_DOWNLOAD_MAX_BYTES: largest picture/video/audio accepted
 *     (default 50 MB)
 * @param llmRepairAttempts RENDEROWL_LLM_REPAIR_ATTEMPTS: re-asks after malformed model output
 *     (default 2)
 * @param musicPrefix RENDEROWL_MUSIC_PREFIX: S3 folder of the music library, one sub-folder per
 *     mood (default library/music/)
 * @param musicMood RENDEROWL_MUSIC_MOOD: mood folder to pick from (default: from the script style;
 *     "none" for no music)
 * @param musicUrl RENDEROWL_MUSIC_URL: a user-uploaded track (s3:// or https://) used instead
 * @param scriptTone RENDEROWL_SCRIPT_TONE: tone of generated scripts (default: the style's tone)
 * @param llmJsonMode RENDEROWL_LLM_JSON_MODE: how structured output is asked for: {@code schema}
 *     (response_format json_schema, default), {@code object} (json_object, for servers without
 *     schema support) or {@code none} (instructions only)
 * @param missingKeys the key variables that selected providers need but are not set
 */
public record ProviderSettings(
    String script,
    List<String> visuals,
    String voice,
    OpenAi openAi,
    Endpoint elevenLabs,
    Endpoint pexels,
    Endpoint pixabay,
    Endpoint stability,
    int requestsPerMinute,
    Duration cacheTtl,
    Duration timeout,
    long maxDownloadBytes,
    int llmRepairAttempts,
    String musicPrefix,
    String musicMood,
    String musicUrl,
    String scriptTone,
    String llmJsonMode,
    List<String> missingKeys) {

  public static final Set<String> SCRIPT_PROVIDERS = Set.of("openai", "offline");
  public static final List<String> VISUAL_PROVIDERS =
      List.of("user-assets", "pexels", "pexels-video", "pixabay", "pixabay-video", "openai-images", "stability", "procedural");
  public static final Set<String> VOICE_PROVIDERS = Set.of("elevenlabs", "openai", "espeak");

  public ProviderSettings {
    visuals = List.copyOf(visuals);
    missingKeys = List.copyOf(missingKeys);
  }

  /**
   * Stops a worker's start-up when a selected provider has no key.
   *
   * @throws IllegalStateException naming each missing variable
   */
  public void requireKeys() {
    if (!missingKeys.isEmpty()) {
      throw new IllegalStateException(
          "missing provider key(s): " + String.join("; ", missingKeys)
              + ". Set the variable(s) or choose an offline provider.");
    }
  }

  /**
   * An HTTP API.
   *
   * @param baseUrl where it lives (the provider's public host by default)
   * @param apiKey its key, "" when unset
   * @param model the model or variant to ask for
   */
  public record Endpoint(String baseUrl, String apiKey, String model) {
    public boolean hasKey() {
      return !apiKey.isBlank();
    }
  }

  /**
   * An OpenAI-compatible API (OpenAI, Together AI, Ollama, vLLM, LocalAI).
   *
   * @param baseUrl OPENAI_BASE_URL, including /v1 (default https://api.openai.com/v1)
   * @param apiKey OPENAI_API_KEY
   * @param llmModel RENDEROWL_LLM_MODEL (default gpt-4o-mini)
   * @param imageModel RENDEROWL_IMAGE_MODEL (default dall-e-3)
   * @param ttsModel RENDEROWL_TTS_MODEL (default tts-1)
   */
  public record OpenAi(String baseUrl, String apiKey, String llmModel, String imageModel, String ttsModel) {
    public boolean hasKey() {
      return !apiKey.isBlank();
    }
  }

  /** Whether the stage's provider is an offline one (labelled "offline:" in runs and logs). */
  public boolean offlineScript() {
    return script.equals("offline");
  }

  /**
   * Reads the provider settings; selected providers without their key are listed in {@link
   * #missingKeys()} ({@link #requireKeys()} stops a worker on them).
   *
   * @throws IllegalStateException naming a variable whose value is wrong
   */
  public static ProviderSettings from(Function<String, String> get) {
    OpenAi openAi =
        new OpenAi(
            trimSlash(or(get.apply("OPENAI_BASE_URL"), "https://api.openai.com/v1")),
            get.apply("OPENAI_API_KEY"),
            or(get.apply("RENDEROWL_LLM_MODEL"), "gpt-4o-mini"),
            or(get.apply("RENDEROWL_IMAGE_MODEL"), "dall-e-3"),
            or(get.apply("RENDEROWL_TTS_MODEL"), "tts-1"));
    Endpoint eleven =
        new Endpoint(
            trimSlash(or(get.apply("ELEVENLABS_BASE_URL"), "https://api.elevenlabs.io")),
            get.apply("ELEVENLABS_API_KEY"),
            or(get.apply("ELEVENLABS_MODEL_ID"), "eleven_multilingual_v2"));
    Endpoint pexels =
        new Endpoint(trimSlash(or(get.apply("PEXELS_BASE_URL"), "https://api.pexels.com")), get.apply("PEXELS_API_KEY"), "");
    Endpoint pixabay =
        new Endpoint(trimSlash(or(get.apply("PIXABAY_BASE_URL"), "https://pixabay.com")), get.apply("PIXABAY_API_KEY"), "");
    Endpoint stability =
        new Endpoint(
            trimSlash(or(get.apply("STABILITY_BASE_URL"), "https://api.stability.ai")),
            get.apply("STABILITY_API_KEY"),
            or(get.apply("STABILITY_MODEL"), "core"));

    boolean openAiConfigured = openAi.hasKey() || !get.apply("OPENAI_BASE_URL").isBlank();
    String script = lower(or(get.apply("RENDEROWL_SCRIPT_PROVIDER"), openAiConfigured ? "openai" : "offline"));
    if (!SCRIPT_PROVIDERS.contains(script)) {
      throw new IllegalStateException(
          "RENDEROWL_SCRIPT_PROVIDER must be one of openai, offline (got '" + script + "')");
    }
    String voice =
        lower(or(get.apply("RENDEROWL_VOICE_PROVIDER"),
            eleven.hasKey() ? "elevenlabs" : openAi.hasKey() ? "openai" : "espeak"));
    if (!VOICE_PROVIDERS.contains(voice)) {
      throw new IllegalStateException(
          "RENDEROWL_VOICE_PROVIDER must be one of elevenlabs, openai, espeak (got '" + voice + "')");
    }
    List<String> visuals = new ArrayList<>();
    String visualList = get.apply("RENDEROWL_VISUAL_PROVIDERS");
    if (visualList.isBlank()) {
      if (pexels.hasKey()) {
        visuals.add("pexels");
      }
      if (pixabay.hasKey()) {
        visuals.add("pixabay");
      }
      if (visuals.isEmpty()) {
        visuals.add("procedural");
      }
    } else {
      for (String v : visualList.split(",")) {
        String name = lower(v.strip());
        if (name.isEmpty()) {
          continue;
        }
        if (!VISUAL_PROVIDERS.contains(name)) {
          throw new IllegalStateException(
              "RENDEROWL_VISUAL_PROVIDERS names '" + name + "'; known: " + String.join(", ", VISUAL_PROVIDERS));
        }
        visuals.add(name);
      }
      if (visuals.isEmpty()) {
        throw new IllegalStateException("RENDEROWL_VISUAL_PROVIDERS names no provider");
      }
    }
    List<String> missing = new ArrayList<>();
    if (script.equals("openai") && !openAi.hasKey()) {
      missing.add("OPENAI_API_KEY (RENDEROWL_SCRIPT_PROVIDER=openai)");
    }
    if (voice.equals("openai") && !openAi.hasKey()) {
      missing.add("OPENAI_API_KEY (RENDEROWL_VOICE_PROVIDER=openai)");
    }
    if (voice.equals("elevenlabs") && !eleven.hasKey()) {
      missing.add("ELEVENLABS_API_KEY (RENDEROWL_VOICE_PROVIDER=elevenlabs)");
    }
    for (String v : visuals) {
      switch (v) {
        case "pexels", "pexels-video" -> requireKey(missing, pexels, "PEXELS_API_KEY", v);
        case "pixabay", "pixabay-video" -> requireKey(missing, pixabay, "PIXABAY_API_KEY", v);
        case "stability" -> requireKey(missing, stability, "STABILITY_API_KEY", v);
        case "openai-images" -> {
          if (!openAi.hasKey()) {
            missing.add("OPENAI_API_KEY (RENDEROWL_VISUAL_PROVIDERS includes openai-images)");
          }
        }
        default -> {}
      }
    }
    return new ProviderSettings(
        script,
        visuals,
        voice,
        openAi,
        eleven,
        pexels,
        pixabay,
        stability,
        positive("RENDEROWL_PROVIDER_RPM", or(get.apply("RENDEROWL_PROVIDER_RPM"), "60")),
        Duration.ofSeconds(positive("RENDEROWL_PROVIDER_CACHE_TTL_SECONDS",
            or(get.apply("RENDEROWL_PROVIDER_CACHE_TTL_SECONDS"), Long.toString(7 * 24 * 3600)))),
        Duration.ofSeconds(positive("RENDEROWL_PROVIDER_TIMEOUT_SECONDS",
            or(get.apply("RENDEROWL_PROVIDER_TIMEOUT_SECONDS"), "60"))),
        positive("RENDEROWL_DOWNLOAD_MAX_BYTES", or(get.apply("RENDEROWL_DOWNLOAD_MAX_BYTES"), Long.toString(50L << 20))),
        (int) nonNegative("RENDEROWL_LLM_REPAIR_ATTEMPTS", or(get.apply("RENDEROWL_LLM_REPAIR_ATTEMPTS"), "2")),
        withSlash(or(get.apply("RENDEROWL_MUSIC_PREFIX"), "library/music/")),
        lower(get.apply("RENDEROWL_MUSIC_MOOD")),
        get.apply("RENDEROWL_MUSIC_URL"),
        get.apply("RENDEROWL_SCRIPT_TONE"),
        jsonMode(get.apply("RENDEROWL_LLM_JSON_MODE")),
        missing.stream().distinct().toList());
  }

  private static String jsonMode(String value) {
    String v = value.isBlank() ? "schema" : lower(value.strip());
    if (!Set.of("schema", "object", "none").contains(v)) {
      throw new IllegalStateException("RENDEROWL_LLM_JSON_MODE must be one of schema, object, none (got '" + value + "')");
    }
    return v;
  }

  private static void requireKey(List<String> missing, Endpoint e, String variable, String provider) {
    if (!e.hasKey()) {
      missing.add(variable + " (RENDEROWL_VISUAL_PROVIDERS includes " + provider + ")");
    }
  }

  private static String or(String v, String fallback) {
    return v.isBlank() ? fallback : v;
  }

  private static String lower(String v) {
    return v.toLowerCase(Locale.ROOT);
  }

  private static String trimSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static String withSlash(String prefix) {
    return prefix.endsWith("/") ? prefix : prefix + "/";
  }

  private static int positive(String name, String value) {
    long v = nonNegative(name, value);
    if (v <= 0 || v > Integer.MAX_VALUE) {
      throw new IllegalStateException(name + " must be a positive number (got '" + value + "')");
    }
    return (int) v;
  }

  private static long nonNegative(String name, String value) {
    try {
      long v = Long.parseLong(value);
      if (v < 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalStateException(name + " must be a number >= 0 (got '" + value + "')", e);
    }
  }
}
