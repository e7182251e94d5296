package io.renderowl.infra.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.annotation.Validated;

/**
 * Which AI and media provider each stage uses, and how to reach it, bound under {@code
 * renderowl.providers} (the README's "Providers" table lists the variables). Offline providers
 * (deterministic script, procedural pictures, espeak-ng) are used only when selected or when
 * nothing else is configured.
 *
 * @param script RENDEROWL_SCRIPT_PROVIDER: openai | offline (default openai when OPENAI_API_KEY or
 *     OPENAI_BASE_URL is set, else offline)
 * @param visuals RENDEROWL_VISUAL_PROVIDERS: ordered list of user-assets, pexels, pexels-video,
 *     pixabay, pixabay-video, openai-images, stability, procedural (default: the keyed stock
 *     sources, else procedural)
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
 */
@ConfigurationProperties("renderowl.providers")
@Validated
public record ProviderSettings(
    @DefaultValue("")
        @Pattern(regexp = "openai|offline", message = "must be one of openai, offline")
        String script,
    @DefaultValue @NotEmpty(message = "names no provider")
        List<@Pattern(regexp = VISUAL_PATTERN, message = "must name only " + VISUAL_NAMES) String>
            visuals,
    @DefaultValue("")
        @Pattern(
            regexp = "elevenlabs|openai|espeak",
            message = "must be one of elevenlabs, openai, espeak")
        String voice,
    @DefaultValue OpenAi openAi,
    @DefaultValue Endpoint elevenLabs,
    @DefaultValue Endpoint pexels,
    @DefaultValue Endpoint pixabay,
    @DefaultValue Endpoint stability,
    @DefaultValue("60") @Min(value = 1, message = "must be at least {value}") int requestsPerMinute,
    @DefaultValue("604800")
        @DurationUnit(ChronoUnit.SECONDS)
        @DurationMin(seconds = 1, message = "must be at least 1")
        @DurationMax(seconds = Integer.MAX_VALUE, message = "must be at most " + Integer.MAX_VALUE)
        Duration cacheTtl,
    @DefaultValue("60")
        @DurationUnit(ChronoUnit.SECONDS)
        @DurationMin(seconds = 1, message = "must be at least 1")
        @DurationMax(seconds = Integer.MAX_VALUE, message = "must be at most " + Integer.MAX_VALUE)
        Duration timeout,
    @DefaultValue("52428800")
        @Min(value = 1, message = "must be at least {value}")
        @Max(value = Integer.MAX_VALUE, message = "must be at most {value}")
        long maxDownloadBytes,
    @DefaultValue("2") @Min(value = 0, message = "must be 0 or more") int llmRepairAttempts,
    @DefaultValue("library/music/") String musicPrefix,
    @DefaultValue("") String musicMood,
    @DefaultValue("") String musicUrl,
    @DefaultValue("") String scriptTone,
    @DefaultValue("schema")
        @Pattern(regexp = "schema|object|none", message = "must be one of schema, object, none")
        String llmJsonMode) {

  private static final String VISUAL_NAMES =
      "user-assets, pexels, pexels-video, pixabay, pixabay-video, openai-images, stability, procedural";
  private static final String VISUAL_PATTERN =
      "user-assets|pexels|pexels-video|pixabay|pixabay-video|openai-images|stability|procedural";

  public static final Set<String> SCRIPT_PROVIDERS = Set.of("openai", "offline");
  public static final List<String> VISUAL_PROVIDERS = List.of(VISUAL_NAMES.split(", "));
  public static final Set<String> VOICE_PROVIDERS = Set.of("elevenlabs", "openai", "espeak");

  /**
   * Resolves what depends on other settings: a stage left unset takes the provider whose key is
   * there, and the shared {@link Endpoint} type takes each provider's own host and model.
   */
  public ProviderSettings {
    boolean openAiConfigured = openAi.hasKey() || !openAi.baseUrl().isBlank();
    openAi = openAi.withDefaultBaseUrl("https://api.openai.com/v1");
    elevenLabs = elevenLabs.withDefaults("https://api.elevenlabs.io", "eleven_multilingual_v2");
    pexels = pexels.withDefaults("https://api.pexels.com", "");
    pixabay = pixabay.withDefaults("https://pixabay.com", "");
    stability = stability.withDefaults("https://api.stability.ai", "core");

    script = lower(script.isBlank() ? (openAiConfigured ? "openai" : "offline") : script);
    voice =
        lower(
            voice.isBlank()
                ? (elevenLabs.hasKey() ? "elevenlabs" : openAi.hasKey() ? "openai" : "espeak")
                : voice);
    if (visuals.isEmpty()) {
      List<String> keyed = new ArrayList<>();
      if (pexels.hasKey()) {
        keyed.add("pexels");
      }
      if (pixabay.hasKey()) {
        keyed.add("pixabay");
      }
      visuals = keyed.isEmpty() ? List.of("procedural") : keyed;
    } else {
      visuals = visuals.stream().map(v -> lower(v.strip())).filter(v -> !v.isEmpty()).toList();
    }
    musicPrefix = musicPrefix.endsWith("/") ? musicPrefix : musicPrefix + "/";
    musicMood = lower(musicMood);
    llmJsonMode = lower(llmJsonMode);
  }

  /**
   * An HTTP API.
   *
   * @param baseUrl where it lives (the provider's public host by default)
   * @param apiKey its key, "" when unset
   * @param model the model or variant to ask for
   */
  public record Endpoint(
      @DefaultValue("") String baseUrl,
      @DefaultValue("") String apiKey,
      @DefaultValue("") String model) {
    public Endpoint {
      baseUrl = trimSlash(baseUrl);
    }

    public boolean hasKey() {
      return !apiKey.isBlank();
    }

    Endpoint withDefaults(String defaultBaseUrl, String defaultModel) {
      return new Endpoint(
          baseUrl.isBlank() ? defaultBaseUrl : baseUrl,
          apiKey,
          model.isBlank() ? defaultModel : model);
    }
  }

  /**
   * An OpenAI-compatible API (OpenAI, Together AI, Ollama, vLLM, LocalAI).
   *
   * @param baseUrl OPENAI_BASE_URL: including /v1 (default https://api.openai.com/v1); setting it
   *     alone selects the chat model for scripts
   * @param apiKey OPENAI_API_KEY
   * @param llmModel RENDEROWL_LLM_MODEL (default gpt-4o-mini)
   * @param imageModel RENDEROWL_IMAGE_MODEL (default dall-e-3)
   * @param ttsModel RENDEROWL_TTS_MODEL (default tts-1)
   */
  public record OpenAi(
      @DefaultValue("") String baseUrl,
      @DefaultValue("") String apiKey,
      @DefaultValue("gpt-4o-mini") String llmModel,
      @DefaultValue("dall-e-3") String imageModel,
      @DefaultValue("tts-1") String ttsModel) {
    public OpenAi {
      baseUrl = trimSlash(baseUrl);
    }

    public boolean hasKey() {
      return !apiKey.isBlank();
    }

    OpenAi withDefaultBaseUrl(String defaultBaseUrl) {
      return baseUrl.isBlank()
          ? new OpenAi(defaultBaseUrl, apiKey, llmModel, imageModel, ttsModel)
          : this;
    }
  }

  /** Whether the stage's provider is an offline one (labelled "offline:" in runs and logs). */
  public boolean offlineScript() {
    return script.equals("offline");
  }

  /** The key variables that selected providers need but are not set, each with its reason. */
  public List<String> missingKeys() {
    List<String> missing = new ArrayList<>();
    if (script.equals("openai") && !openAi.hasKey()) {
      missing.add("OPENAI_API_KEY (RENDEROWL_SCRIPT_PROVIDER=openai)");
    }
    if (voice.equals("openai") && !openAi.hasKey()) {
      missing.add("OPENAI_API_KEY (RENDEROWL_VOICE_PROVIDER=openai)");
    }
    if (voice.equals("elevenlabs") && !elevenLabs.hasKey()) {
      missing.add("ELEVENLABS_API_KEY (RENDEROWL_VOICE_PROVIDER=elevenlabs)");
    }
    for (String v : visuals) {
      String variable =
          switch (v) {
            case "pexels", "pexels-video" -> pexels.hasKey() ? null : "PEXELS_API_KEY";
            case "pixabay", "pixabay-video" -> pixabay.hasKey() ? null : "PIXABAY_API_KEY";
            case "stability" -> stability.hasKey() ? null : "STABILITY_API_KEY";
            case "openai-images" -> openAi.hasKey() ? null : "OPENAI_API_KEY";
            default -> null;
          };
      if (variable != null) {
        missing.add(variable + " (RENDEROWL_VISUAL_PROVIDERS includes " + v + ")");
      }
    }
    return missing.stream().distinct().toList();
  }

  /**
   * Stops a worker's start-up when a selected provider has no key.
   *
   * @throws IllegalStateException naming each missing variable
   */
  public void requireKeys() {
    List<String> missing = missingKeys();
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "missing provider key(s): "
              + String.join("; ", missing)
              + ". Set the variable(s) or choose an offline provider.");
    }
  }

  /**
   * Binds the provider settings from variables read through {@code lookup} (null or blank for unset
   * ones); selected providers without their key are listed in {@link #missingKeys()} ({@link
   * #requireKeys()} stops a worker on them).
   *
   * @throws IllegalArgumentException naming each variable whose value is wrong
   */
  public static ProviderSettings from(Function<String, String> lookup) {
    return SettingsBinder.bind("renderowl.providers", ProviderSettings.class, lookup);
  }

  private static String lower(String v) {
    return v.toLowerCase(Locale.ROOT);
  }

  private static String trimSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
