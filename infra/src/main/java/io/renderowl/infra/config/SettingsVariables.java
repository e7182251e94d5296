package io.renderowl.infra.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

/**
 * The environment variables users set, and the property each one binds to. Relaxed binding cannot
 * derive these ({@code RENDEROWL_MAX_RUNS} is {@code renderowl.batch.max-runs}, {@code
 * OPENAI_API_KEY} has no prefix at all), so this table is the only place that knows a variable's
 * name; the README's configuration table lists the same names.
 */
final class SettingsVariables {

  /** Variable name -> property path, in the README's order. */
  static final Map<String, String> ALIASES =
      aliases(
          "RENDEROWL_HOME", "renderowl.home",
          "RENDEROWL_DB_URL", "renderowl.database.url",
          "RENDEROWL_DB_USER", "renderowl.database.user",
          "RENDEROWL_DB_PASSWORD", "renderowl.database.password",
          "RENDEROWL_REDIS_URL", "renderowl.redis.url",
          "RENDEROWL_S3_ENDPOINT", "renderowl.s3.endpoint",
          "RENDEROWL_S3_ACCESS_KEY", "renderowl.s3.access-key",
          "RENDEROWL_S3_SECRET_KEY", "renderowl.s3.secret-key",
          "RENDEROWL_S3_BUCKET", "renderowl.s3.bucket",
          "RENDEROWL_S3_REGION", "renderowl.s3.region",
          "RENDEROWL_TEMPORAL_ADDRESS", "renderowl.temporal.address",
          "RENDEROWL_TEMPORAL_NAMESPACE", "renderowl.temporal.namespace",
          "RENDEROWL_TEMPORAL_SERVER", "renderowl.temporal.server",
          "RENDEROWL_TEMPORAL_CLI", "renderowl.temporal.cli",
          "RENDEROWL_TEMPORAL_PORT", "renderowl.temporal.port",
          "RENDEROWL_TEMPORAL_UI_PORT", "renderowl.temporal.ui-port",
          "RENDEROWL_TEMPORAL_SEARCH_ATTRIBUTES", "renderowl.temporal.search-attributes",
          "RENDEROWL_WORKER", "renderowl.worker.enabled",
          "RENDEROWL_RENDER_CONCURRENCY", "renderowl.worker.render-concurrency",
          "RENDEROWL_PUBLISH_DIR", "renderowl.publish-dir",
          "RENDEROWL_AUTH_SIGNING_KEY", "renderowl.auth.signing-key",
          "RENDEROWL_AUTH_ISSUER", "renderowl.auth.issuer",
          "RENDEROWL_AUTH_ACCESS_TOKEN_MINUTES", "renderowl.auth.access-token-minutes",
          "RENDEROWL_AUTH_REFRESH_TOKEN_DAYS", "renderowl.auth.refresh-token-days",
          "RENDEROWL_AUTH_JWKS_URL", "renderowl.auth.jwks-url",
          "RENDEROWL_AUTH_JWT_ISSUER", "renderowl.auth.jwt-issuer",
          "RENDEROWL_AUTH_AUTHORIZED_PARTIES", "renderowl.auth.authorized-parties",
          "RENDEROWL_AUTH_CLOCK_SKEW_SECONDS", "renderowl.auth.clock-skew-seconds",
          "RENDEROWL_API_RATE_PER_MINUTE", "renderowl.auth.requests-per-minute",
          "RENDEROWL_API_RATE_BURST", "renderowl.auth.request-burst",
          "RENDEROWL_LOCAL_USER_EMAIL", "renderowl.local-user-email",
          "RENDEROWL_PUBLISHERS", "renderowl.publishers",
          "RENDEROWL_RENDER_CHUNK_FRAMES", "renderowl.render.chunk-frames",
          "RENDEROWL_RENDER_GPU", "renderowl.render.gpu",
          "RENDEROWL_RENDER_GPU_WAIT_SECONDS", "renderowl.render.gpu-queue-wait-seconds",
          "RENDEROWL_RENDER_HEARTBEAT_SECONDS", "renderowl.render.heartbeat-seconds",
          "RENDEROWL_WORKER_ROLE", "renderowl.render.worker-role",
          "RENDEROWL_LOUDNESS_TARGET", "renderowl.render.loudness-target",
          "RENDEROWL_TRUE_PEAK_MAX", "renderowl.render.true-peak-max",
          "RENDEROWL_X264_THREADING", "renderowl.render.x264-threading",
          "RENDEROWL_SCRIPT_PROVIDER", "renderowl.providers.script",
          "RENDEROWL_VISUAL_PROVIDERS", "renderowl.providers.visuals",
          "RENDEROWL_VOICE_PROVIDER", "renderowl.providers.voice",
          "OPENAI_BASE_URL", "renderowl.providers.open-ai.base-url",
          "OPENAI_API_KEY", "renderowl.providers.open-ai.api-key",
          "RENDEROWL_LLM_MODEL", "renderowl.providers.open-ai.llm-model",
          "RENDEROWL_IMAGE_MODEL", "renderowl.providers.open-ai.image-model",
          "RENDEROWL_TTS_MODEL", "renderowl.providers.open-ai.tts-model",
          "ELEVENLABS_BASE_URL", "renderowl.providers.eleven-labs.base-url",
          "ELEVENLABS_API_KEY", "renderowl.providers.eleven-labs.api-key",
          "ELEVENLABS_MODEL_ID", "renderowl.providers.eleven-labs.model",
          "PEXELS_BASE_URL", "renderowl.providers.pexels.base-url",
          "PEXELS_API_KEY", "renderowl.providers.pexels.api-key",
          "PIXABAY_BASE_URL", "renderowl.providers.pixabay.base-url",
          "PIXABAY_API_KEY", "renderowl.providers.pixabay.api-key",
          "STABILITY_BASE_URL", "renderowl.providers.stability.base-url",
          "STABILITY_API_KEY", "renderowl.providers.stability.api-key",
          "STABILITY_MODEL", "renderowl.providers.stability.model",
          "RENDEROWL_PROVIDER_RPM", "renderowl.providers.requests-per-minute",
          "RENDEROWL_PROVIDER_CACHE_TTL_SECONDS", "renderowl.providers.cache-ttl",
          "RENDEROWL_PROVIDER_TIMEOUT_SECONDS", "renderowl.providers.timeout",
          "RENDEROWL_DOWNLOAD_MAX_BYTES", "renderowl.providers.max-download-bytes",
          "RENDEROWL_LLM_REPAIR_ATTEMPTS", "renderowl.providers.llm-repair-attempts",
          "RENDEROWL_MUSIC_PREFIX", "renderowl.providers.music-prefix",
          "RENDEROWL_MUSIC_MOOD", "renderowl.providers.music-mood",
          "RENDEROWL_MUSIC_URL", "renderowl.providers.music-url",
          "RENDEROWL_SCRIPT_TONE", "renderowl.providers.script-tone",
          "RENDEROWL_LLM_JSON_MODE", "renderowl.providers.llm-json-mode",
          "RENDEROWL_BATCH_CHUNK_SIZE", "renderowl.batch.chunk-size",
          "RENDEROWL_BATCH_START_THREADS", "renderowl.batch.start-threads",
          "RENDEROWL_MAX_RUNS", "renderowl.batch.max-runs",
          "RENDEROWL_MAX_RUNS_PER_USER", "renderowl.batch.max-runs-per-user",
          "RENDEROWL_SCHEDULER", "renderowl.batch.scheduler",
          "RENDEROWL_OAUTH_REFRESH_AHEAD_MINUTES", "renderowl.batch.refresh-ahead-minutes",
          "RENDEROWL_CLEANUP_MAX_AGE_DAYS", "renderowl.batch.artefact-max-age-days",
          "RENDEROWL_STUCK_RUN_MINUTES", "renderowl.batch.stuck-run-minutes",
          "YOUTUBE_BASE_URL", "renderowl.publishing.youtube-base-url",
          "TIKTOK_BASE_URL", "renderowl.publishing.tiktok-base-url",
          "INSTAGRAM_BASE_URL", "renderowl.publishing.instagram-base-url",
          "FACEBOOK_BASE_URL", "renderowl.publishing.facebook-base-url",
          "X_BASE_URL", "renderowl.publishing.x-base-url",
          "LINKEDIN_BASE_URL", "renderowl.publishing.linkedin-base-url",
          "LINKEDIN_VERSION", "renderowl.publishing.linkedin-version",
          "RENDEROWL_PUBLISH_CHUNK_MB", "renderowl.publishing.chunk-mb",
          "RENDEROWL_PUBLISH_CONCURRENCY", "renderowl.publishing.concurrency",
          "RENDEROWL_PUBLISH_POLL_SECONDS", "renderowl.publishing.poll-seconds",
          "RENDEROWL_PUBLISH_TIMEOUT_SECONDS", "renderowl.publishing.timeout-seconds",
          "RENDEROWL_TOKEN_KEY", "renderowl.social.token-key",
          "RENDEROWL_TOKEN_KEY_ID", "renderowl.social.token-key-id",
          "RENDEROWL_TOKEN_OLD_KEYS", "renderowl.social.old-token-keys",
          "RENDEROWL_OAUTH_REDIRECT_URL", "renderowl.social.redirect-url",
          "RENDEROWL_OAUTH_STATE_MINUTES", "renderowl.social.state-minutes",
          "RENDEROWL_ANALYTICS_RPM", "renderowl.social.analytics-requests-per-minute",
          "YOUTUBE_CLIENT_ID", "renderowl.social.youtube.client-id",
          "YOUTUBE_CLIENT_SECRET", "renderowl.social.youtube.client-secret",
          "YOUTUBE_AUTHORIZE_URL", "renderowl.social.youtube.authorize-url",
          "YOUTUBE_TOKEN_URL", "renderowl.social.youtube.token-url",
          "YOUTUBE_API_URL", "renderowl.social.youtube.api-url",
          "YOUTUBE_SCOPES", "renderowl.social.youtube.scopes",
          "TIKTOK_CLIENT_KEY", "renderowl.social.tiktok.client-id",
          "TIKTOK_CLIENT_SECRET", "renderowl.social.tiktok.client-secret",
          "TIKTOK_AUTHORIZE_URL", "renderowl.social.tiktok.authorize-url",
          "TIKTOK_TOKEN_URL", "renderowl.social.tiktok.token-url",
          "TIKTOK_API_URL", "renderowl.social.tiktok.api-url",
          "TIKTOK_SCOPES", "renderowl.social.tiktok.scopes",
          "INSTAGRAM_CLIENT_ID", "renderowl.social.instagram.client-id",
          "INSTAGRAM_CLIENT_SECRET", "renderowl.social.instagram.client-secret",
          "INSTAGRAM_AUTHORIZE_URL", "renderowl.social.instagram.authorize-url",
          "INSTAGRAM_TOKEN_URL", "renderowl.social.instagram.token-url",
          "INSTAGRAM_API_URL", "renderowl.social.instagram.api-url",
          "INSTAGRAM_SCOPES", "renderowl.social.instagram.scopes",
          "FACEBOOK_CLIENT_ID", "renderowl.social.facebook.client-id",
          "FACEBOOK_CLIENT_SECRET", "renderowl.social.facebook.client-secret",
          "FACEBOOK_AUTHORIZE_URL", "renderowl.social.facebook.authorize-url",
          "FACEBOOK_TOKEN_URL", "renderowl.social.facebook.token-url",
          "FACEBOOK_API_URL", "renderowl.social.facebook.api-url",
          "FACEBOOK_SCOPES", "renderowl.social.facebook.scopes",
          "X_CLIENT_ID", "renderowl.social.x.client-id",
          "X_CLIENT_SECRET", "renderowl.social.x.client-secret",
          "X_AUTHORIZE_URL", "renderowl.social.x.authorize-url",
          "X_TOKEN_URL", "renderowl.social.x.token-url",
          "X_API_URL", "renderowl.social.x.api-url",
          "X_SCOPES", "renderowl.social.x.scopes",
          "LINKEDIN_CLIENT_ID", "renderowl.social.linkedin.client-id",
          "LINKEDIN_CLIENT_SECRET", "renderowl.social.linkedin.client-secret",
          "LINKEDIN_AUTHORIZE_URL", "renderowl.social.linkedin.authorize-url",
          "LINKEDIN_TOKEN_URL", "renderowl.social.linkedin.token-url",
          "LINKEDIN_API_URL", "renderowl.social.linkedin.api-url",
          "LINKEDIN_SCOPES", "renderowl.social.linkedin.scopes",
          "RENDEROWL_ALLOW_PRIVATE_URLS", "renderowl.outbound.allow-private",
          "RENDEROWL_ALLOWED_URL_HOSTS", "renderowl.outbound.allowed-hosts",
          "RENDEROWL_CREDITS_INITIAL_GRANT", "renderowl.credits.initial-grant",
          "RENDEROWL_CREDITS_SIGNUP_GRANT", "renderowl.credits.signup-grant",
          "RENDEROWL_PRICE_RENDER_FULL", "renderowl.credits.prices.render-full",
          "RENDEROWL_PRICE_RENDER_PREVIEW", "renderowl.credits.prices.render-preview",
          "RENDEROWL_PRICE_AI_CALL", "renderowl.credits.prices.ai-call",
          "RENDEROWL_PRICE_IMAGE", "renderowl.credits.prices.image",
          "RENDEROWL_PRICE_SPEECH_SECOND", "renderowl.credits.prices.speech-second",
          "RENDEROWL_PRICE_PUBLISH", "renderowl.credits.prices.publish",
          "STRIPE_SECRET_KEY", "renderowl.credits.stripe.secret-key",
          "STRIPE_WEBHOOK_SECRET", "renderowl.credits.stripe.webhook-secret",
          "STRIPE_BASE_URL", "renderowl.credits.stripe.base-url",
          "STRIPE_WEBHOOK_TOLERANCE_SECONDS", "renderowl.credits.stripe.tolerance-seconds",
          "RENDEROWL_CHECKOUT_SUCCESS_URL", "renderowl.credits.stripe.success-url",
          "RENDEROWL_CHECKOUT_CANCEL_URL", "renderowl.credits.stripe.cancel-url",
          "RENDEROWL_CHECKOUT_CURRENCY", "renderowl.credits.stripe.currency",
          "RENDEROWL_CREDIT_PACKS", "renderowl.credits.stripe.packs");

  /**
   * Each platform's API host had two names: {@code *_API_URL} (connected accounts, analytics) and
   * {@code *_BASE_URL} (publishing). {@code *_API_URL} is the canonical one and now sets both; the
   * old {@code *_BASE_URL} is still read as a deprecated alias when the canonical one is unset.
   * Deprecated name -> canonical name.
   */
  static final Map<String, String> DEPRECATED_ALIASES =
      Map.of(
          "YOUTUBE_BASE_URL", "YOUTUBE_API_URL",
          "TIKTOK_BASE_URL", "TIKTOK_API_URL",
          "INSTAGRAM_BASE_URL", "INSTAGRAM_API_URL",
          "FACEBOOK_BASE_URL", "FACEBOOK_API_URL",
          "X_BASE_URL", "X_API_URL",
          "LINKEDIN_BASE_URL", "LINKEDIN_API_URL");

  private static final Logger LOG = LoggerFactory.getLogger(SettingsVariables.class);
  private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

  private static final Map<ConfigurationPropertyName, String> VARIABLE_OF_PATH =
      new LinkedHashMap<>();

  static {
    ALIASES.forEach(
        (variable, path) -> VARIABLE_OF_PATH.put(ConfigurationPropertyName.of(path), variable));
  }

  private SettingsVariables() {}

  /**
   * The variables' values under their property paths. A blank value counts as unset (the default
   * applies), as it always has: compose files often pass {@code VAR=} through.
   *
   * @param lookup the value of a variable name, or null when unset
   */
  static Map<String, String> values(Function<String, String> lookup) {
    Map<String, String> values = new LinkedHashMap<>();
    ALIASES.forEach((variable, path) -> {
      String value = platformUrl(variable, lookup).orElseGet(() -> lookup.apply(variable));
      if (value != null && !value.isBlank()) {
        values.put(path, value.strip());
      }
    });
    return values;
  }

  /**
   * A platform's API host for either of its two variables: the canonical {@code *_API_URL} when
   * set, else the deprecated {@code *_BASE_URL} (with a warning, once); empty for other variables
   * and when neither is set.
   */
  private static Optional<String> platformUrl(String variable, Function<String, String> lookup) {
    String canonical = DEPRECATED_ALIASES.getOrDefault(variable, variable);
    String deprecated =
        DEPRECATED_ALIASES.entrySet().stream()
            .filter(e -> e.getValue().equals(canonical))
            .map(Map.Entry::getKey)
            .findFirst()
            .orElse(null);
    if (deprecated == null) {
      return Optional.empty();
    }
    String value = lookup.apply(canonical);
    if (value != null && !value.isBlank()) {
      return Optional.of(value);
    }
    value = lookup.apply(deprecated);
    if (value != null && !value.isBlank()) {
      if (WARNED.add(deprecated)) {
        LOG.warn("{} is deprecated: set {} instead (the same host)", deprecated, canonical);
      }
      return Optional.of(value);
    }
    return Optional.empty();
  }

  /**
   * The variable bound to {@code name} or to its nearest ancestor ({@code visuals[1]} -> visuals).
   */
  static Optional<String> variableOf(ConfigurationPropertyName name) {
    for (ConfigurationPropertyName n = name; !n.isEmpty(); n = n.getParent()) {
      String variable = VARIABLE_OF_PATH.get(n);
      if (variable != null) {
        return Optional.of(variable);
      }
    }
    return Optional.empty();
  }

  private static Map<String, String> aliases(String... variableThenPath) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < variableThenPath.length; i += 2) {
      map.put(variableThenPath[i], variableThenPath[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(map);
  }
}
