package io.renderowl.activities.worker;

import io.renderowl.activities.provider.ActivityAttempt;
import io.renderowl.activities.provider.ProviderHttp;
import io.renderowl.activities.provider.RedisTokenBucket;
import io.renderowl.activities.provider.ResponseCache;
import io.renderowl.activities.provider.UsageSink;
import io.renderowl.activities.script.LlmScriptWriter;
import io.renderowl.activities.visuals.GeneratedSources;
import io.renderowl.activities.visuals.StockSources;
import io.renderowl.activities.visuals.UserAssets;
import io.renderowl.activities.visuals.VisualChain;
import io.renderowl.activities.visuals.VisualSource;
import io.renderowl.activities.voice.ElevenLabsSpeaker;
import io.renderowl.activities.voice.EspeakSpeaker;
import io.renderowl.activities.voice.OpenAiSpeaker;
import io.renderowl.activities.voice.Speaker;
import io.renderowl.infra.config.ProviderSettings;
import io.renderowl.infra.net.OutboundUrls;
import io.renderowl.infra.storage.ObjectStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import redis.clients.jedis.RedisClient;

/**
 * The providers chosen by {@link ProviderSettings}, built once per worker process: one {@link
 * ProviderHttp} over the shared Redis token bucket and response cache, the script writer (null when
 * the offline writer is selected), the visual chain and the voice.
 *
 * @param settings what was chosen
 * @param http the shared HTTP client
 * @param scriptWriter the chat-model writer, or null for the offline one
 * @param visuals visual sources in order
 * @param speaker the voice
 */
public record Providers(
    ProviderSettings settings,
    ProviderHttp http,
    LlmScriptWriter scriptWriter,
    VisualChain visuals,
    Speaker speaker)
    implements AutoCloseable {

  /** Shuts down the shared HTTP client's connections and threads (with the providers bean). */
  @Override
  public void close() {
    http.close();
  }

  /** Token-bucket burst: a tenth of a minute's allowance, at least 1. */
  static int burst(int requestsPerMinute) {
    return Math.max(1, requestsPerMinute / 10);
  }

  /**
   * Builds the configured providers.
   *
   * @param guard what media and music URLs may reach
   * @throws IllegalStateException naming a missing key variable
   */
  public static Providers create(
      ProviderSettings settings,
      RedisClient redis,
      UsageSink usage,
      ObjectStore store,
      Function<String, Optional<String>> userOfRun,
      OutboundUrls guard) {
    settings.requireKeys();
    ProviderHttp http =
        new ProviderHttp(
            // Not the old "renderowl:ratelimit:" prefix: those keys are hashes of the Lua bucket,
            // in
            // another format, and expire on their own.
            new RedisTokenBucket(
                redis,
                burst(settings.requestsPerMinute()),
                settings.requestsPerMinute(),
                "renderowl:bucket:"),
            ResponseCache.redis(redis, settings.cacheTtl(), "renderowl:cache:"),
            settings.timeout(),
            ActivityAttempt::current,
            guard);
    return create(settings, http, usage, store, userOfRun);
  }

  /** Builds the configured providers over {@code http} (no user assets). */
  public static Providers create(ProviderSettings settings, ProviderHttp http, UsageSink usage) {
    return create(settings, http, usage, null, runId -> Optional.empty());
  }

  /**
   * Builds the configured providers over {@code http}.
   *
   * @param store where user uploads live (needed for "user-assets")
   * @param userOfRun the user id of a run
   */
  public static Providers create(
      ProviderSettings settings,
      ProviderHttp http,
      UsageSink usage,
      ObjectStore store,
      Function<String, Optional<String>> userOfRun) {
    LlmScriptWriter writer =
        settings.offlineScript() ? null : LlmScriptWriter.openAi(settings, http, usage);
    List<VisualSource> sources = new ArrayList<>();
    for (String name : settings.visuals()) {
      sources.add(
          switch (name) {
            case "pexels" -> StockSources.pexelsPhotos(settings, http, usage);
            case "pexels-video" -> StockSources.pexelsVideos(settings, http, usage);
            case "pixabay" -> StockSources.pixabayPhotos(settings, http, usage);
            case "pixabay-video" -> StockSources.pixabayVideos(settings, http, usage);
            case "openai-images" -> GeneratedSources.openAiImages(settings, http, usage);
            case "stability" -> GeneratedSources.stability(settings, http, usage);
            case "procedural" -> GeneratedSources.procedural();
            case "user-assets" -> {
              if (store == null) {
                throw new IllegalStateException(
                    "user-assets needs object storage, which this process has not");
              }
              yield new UserAssets(store, userOfRun, settings.maxDownloadBytes());
            }
            default -> throw new IllegalStateException("unknown visual provider " + name);
          });
    }
    Speaker speaker =
        switch (settings.voice()) {
          case "elevenlabs" -> new ElevenLabsSpeaker(settings, http, usage);
          case "openai" -> new OpenAiSpeaker(settings, http, usage);
          default -> new EspeakSpeaker();
        };
    return new Providers(settings, http, writer, new VisualChain(sources), speaker);
  }

  /** One line for the start-up log; offline providers are labelled as such. */
  public String describe() {
    return "script: "
        + (scriptWriter == null
            ? "offline:deterministic"
            : "openai-compatible "
                + settings.openAi().baseUrl()
                + " model "
                + settings.openAi().llmModel())
        + "; visuals: "
        + String.join(
            " -> ",
            visuals.names().stream()
                .map(n -> n.equals("procedural") ? "offline:procedural" : n)
                .toList())
        + "; voice: "
        + speaker.provider();
  }
}
