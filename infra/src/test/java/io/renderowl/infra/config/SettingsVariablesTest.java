package io.renderowl.infra.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

class SettingsVariablesTest {

  /** A valid value for every variable, each unlike its default. */
  static final Map<String, String> SAMPLES =
      samples(
          "RENDEROWL_HOME", "/srv/owl",
          "RENDEROWL_DB_URL", "jdbc:postgresql://db:5432/owl",
          "RENDEROWL_DB_USER", "owl",
          "RENDEROWL_DB_PASSWORD", "secret",
          "RENDEROWL_REDIS_URL", "redis://cache:6379/0",
          "RENDEROWL_S3_ENDPOINT", "https://r2.example",
          "RENDEROWL_S3_ACCESS_KEY", "ak",
          "RENDEROWL_S3_SECRET_KEY", "sk",
          "RENDEROWL_S3_BUCKET", "videos",
          "RENDEROWL_S3_REGION", "auto",
          "RENDEROWL_TEMPORAL_ADDRESS", "temporal:7233",
          "RENDEROWL_TEMPORAL_NAMESPACE", "renderowl",
          "RENDEROWL_TEMPORAL_SERVER", "dev",
          "RENDEROWL_TEMPORAL_CLI", "/usr/bin/temporal",
          "RENDEROWL_TEMPORAL_PORT", "7300",
          "RENDEROWL_TEMPORAL_UI_PORT", "8300",
          "RENDEROWL_TEMPORAL_SEARCH_ATTRIBUTES", "true",
          "RENDEROWL_WORKER", "false",
          "RENDEROWL_RENDER_CONCURRENCY", "3",
          "RENDEROWL_PUBLISH_DIR", "/srv/out",
          "RENDEROWL_AUTH_SIGNING_KEY", "/srv/keys.jwks",
          "RENDEROWL_AUTH_ISSUER", "https://owl.example",
          "RENDEROWL_AUTH_ACCESS_TOKEN_MINUTES", "5",
          "RENDEROWL_AUTH_REFRESH_TOKEN_DAYS", "7",
          "RENDEROWL_AUTH_JWKS_URL", "https://clerk.example/.well-known/jwks.json",
          "RENDEROWL_AUTH_JWT_ISSUER", "https://clerk.example",
          "RENDEROWL_AUTH_AUTHORIZED_PARTIES", "https://app.example, https://owl.example",
          "RENDEROWL_AUTH_CLOCK_SKEW_SECONDS", "30",
          "RENDEROWL_API_RATE_PER_MINUTE", "60",
          "RENDEROWL_API_RATE_BURST", "10",
          "RENDEROWL_LOCAL_USER_EMAIL", "me@example.org",
          "RENDEROWL_PUBLISHERS", "youtube",
          "RENDEROWL_RENDER_CHUNK_FRAMES", "120",
          "RENDEROWL_RENDER_GPU", "off",
          "RENDEROWL_RENDER_GPU_WAIT_SECONDS", "15",
          "RENDEROWL_RENDER_HEARTBEAT_SECONDS", "5",
          "RENDEROWL_WORKER_ROLE", "render",
          "RENDEROWL_LOUDNESS_TARGET", "-16",
          "RENDEROWL_TRUE_PEAK_MAX", "-2",
          "RENDEROWL_X264_THREADING", "frame",
          "RENDEROWL_SCRIPT_PROVIDER", "openai",
          "RENDEROWL_VISUAL_PROVIDERS", "stability",
          "RENDEROWL_VOICE_PROVIDER", "openai",
          "OPENAI_BASE_URL", "http://localhost:11434/v1",
          "OPENAI_API_KEY", "sk-test",
          "RENDEROWL_LLM_MODEL", "llama3.1",
          "RENDEROWL_IMAGE_MODEL", "gpt-image-1",
          "RENDEROWL_TTS_MODEL", "tts-1-hd",
          "ELEVENLABS_BASE_URL", "http://localhost:9001",
          "ELEVENLABS_API_KEY", "xi",
          "ELEVENLABS_MODEL_ID", "eleven_turbo_v2",
          "PEXELS_BASE_URL", "http://localhost:9002",
          "PEXELS_API_KEY", "p",
          "PIXABAY_BASE_URL", "http://localhost:9003",
          "PIXABAY_API_KEY", "x",
          "STABILITY_BASE_URL", "http://localhost:9004",
          "STABILITY_API_KEY", "st",
          "STABILITY_MODEL", "ultra",
          "RENDEROWL_PROVIDER_RPM", "30",
          "RENDEROWL_PROVIDER_CACHE_TTL_SECONDS", "3600",
          "RENDEROWL_PROVIDER_TIMEOUT_SECONDS", "10",
          "RENDEROWL_DOWNLOAD_MAX_BYTES", "1000",
          "RENDEROWL_LLM_REPAIR_ATTEMPTS", "0",
          "RENDEROWL_MUSIC_PREFIX", "music",
          "RENDEROWL_MUSIC_MOOD", "Calm",
          "RENDEROWL_MUSIC_URL", "s3://bucket/track.mp3",
          "RENDEROWL_SCRIPT_TONE", "playful",
          "RENDEROWL_LLM_JSON_MODE", "object",
          "RENDEROWL_BATCH_CHUNK_SIZE", "50",
          "RENDEROWL_BATCH_START_THREADS", "2",
          "RENDEROWL_MAX_RUNS", "0",
          "RENDEROWL_MAX_RUNS_PER_USER", "1",
          "RENDEROWL_SCHEDULER", "off",
          "RENDEROWL_OAUTH_REFRESH_AHEAD_MINUTES", "5",
          "RENDEROWL_CLEANUP_MAX_AGE_DAYS", "30",
          "RENDEROWL_STUCK_RUN_MINUTES", "15",
          "YOUTUBE_BASE_URL", "http://127.0.0.1:9001",
          "TIKTOK_BASE_URL", "http://127.0.0.1:9002",
          "INSTAGRAM_BASE_URL", "http://127.0.0.1:9003/v21.0",
          "FACEBOOK_BASE_URL", "http://127.0.0.1:9004/v21.0",
          "X_BASE_URL", "http://127.0.0.1:9005",
          "LINKEDIN_BASE_URL", "http://127.0.0.1:9006",
          "LINKEDIN_VERSION", "202601",
          "RENDEROWL_PUBLISH_CHUNK_MB", "16",
          "RENDEROWL_PUBLISH_CONCURRENCY", "4",
          "RENDEROWL_PUBLISH_POLL_SECONDS", "30",
          "RENDEROWL_PUBLISH_TIMEOUT_SECONDS", "60",
          "RENDEROWL_TOKEN_KEY", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
          "RENDEROWL_TOKEN_KEY_ID", "k2026",
          "RENDEROWL_TOKEN_OLD_KEYS", "k2025=AAAAAAAAAAAAAAAAAAAAAA==",
          "RENDEROWL_OAUTH_REDIRECT_URL", "https://app.example/cb/{platform}",
          "RENDEROWL_OAUTH_STATE_MINUTES", "5",
          "RENDEROWL_ANALYTICS_RPM", "10",
          "YOUTUBE_CLIENT_ID", "youtube-client",
          "YOUTUBE_CLIENT_SECRET", "youtube-secret",
          "YOUTUBE_AUTHORIZE_URL", "http://127.0.0.1:9/youtube/authorize",
          "YOUTUBE_TOKEN_URL", "http://127.0.0.1:9/youtube/token",
          "YOUTUBE_API_URL", "http://127.0.0.1:9/youtube/api",
          "YOUTUBE_SCOPES", "youtube.scope",
          "TIKTOK_CLIENT_KEY", "tiktok-client",
          "TIKTOK_CLIENT_SECRET", "tiktok-secret",
          "TIKTOK_AUTHORIZE_URL", "http://127.0.0.1:9/tiktok/authorize",
          "TIKTOK_TOKEN_URL", "http://127.0.0.1:9/tiktok/token",
          "TIKTOK_API_URL", "http://127.0.0.1:9/tiktok/api",
          "TIKTOK_SCOPES", "tiktok.scope",
          "INSTAGRAM_CLIENT_ID", "instagram-client",
          "INSTAGRAM_CLIENT_SECRET", "instagram-secret",
          "INSTAGRAM_AUTHORIZE_URL", "http://127.0.0.1:9/instagram/authorize",
          "INSTAGRAM_TOKEN_URL", "http://127.0.0.1:9/instagram/token",
          "INSTAGRAM_API_URL", "http://127.0.0.1:9/instagram/api",
          "INSTAGRAM_SCOPES", "instagram.scope",
          "FACEBOOK_CLIENT_ID", "facebook-client",
          "FACEBOOK_CLIENT_SECRET", "facebook-secret",
          "FACEBOOK_AUTHORIZE_URL", "http://127.0.0.1:9/facebook/authorize",
          "FACEBOOK_TOKEN_URL", "http://127.0.0.1:9/facebook/token",
          "FACEBOOK_API_URL", "http://127.0.0.1:9/facebook/api",
          "FACEBOOK_SCOPES", "facebook.scope",
          "X_CLIENT_ID", "x-client",
          "X_CLIENT_SECRET", "x-secret",
          "X_AUTHORIZE_URL", "http://127.0.0.1:9/x/authorize",
          "X_TOKEN_URL", "http://127.0.0.1:9/x/token",
          "X_API_URL", "http://127.0.0.1:9/x/api",
          "X_SCOPES", "x.scope",
          "LINKEDIN_CLIENT_ID", "linkedin-client",
          "LINKEDIN_CLIENT_SECRET", "linkedin-secret",
          "LINKEDIN_AUTHORIZE_URL", "http://127.0.0.1:9/linkedin/authorize",
          "LINKEDIN_TOKEN_URL", "http://127.0.0.1:9/linkedin/token",
          "LINKEDIN_API_URL", "http://127.0.0.1:9/linkedin/api",
          "LINKEDIN_SCOPES", "linkedin.scope",
          "RENDEROWL_ALLOW_PRIVATE_URLS", "true",
          "RENDEROWL_ALLOWED_URL_HOSTS", "feeds.intranet, 10.20.0.0/16",
          "RENDEROWL_CREDITS_INITIAL_GRANT", "50",
          "RENDEROWL_CREDITS_SIGNUP_GRANT", "7",
          "RENDEROWL_PRICE_RENDER_FULL", "2.5",
          "RENDEROWL_PRICE_RENDER_PREVIEW", "0.5",
          "RENDEROWL_PRICE_AI_CALL", "1",
          "RENDEROWL_PRICE_IMAGE", "0.25",
          "RENDEROWL_PRICE_SPEECH_SECOND", "0.1",
          "RENDEROWL_PRICE_PUBLISH", "3",
          "STRIPE_SECRET_KEY", "sk_test_123",
          "STRIPE_WEBHOOK_SECRET", "whsec_123",
          "STRIPE_BASE_URL", "http://127.0.0.1:9999",
          "STRIPE_WEBHOOK_TOLERANCE_SECONDS", "60",
          "RENDEROWL_CHECKOUT_SUCCESS_URL", "https://owl.example/ok",
          "RENDEROWL_CHECKOUT_CANCEL_URL", "https://owl.example/cancel",
          "RENDEROWL_CHECKOUT_CURRENCY", "eur",
          "RENDEROWL_CREDIT_PACKS", "tiny=10:100");

  static RenderowlSettings settings(Map<String, String> env) {
    return RenderowlSettings.from(env::get);
  }

  @Test
  void theSamplesCoverEveryVariableInTheAliasTable() {
    assertThat(SAMPLES.keySet())
        .containsExactlyInAnyOrderElementsOf(SettingsVariables.ALIASES.keySet());
  }

  @Test
  void everyVariableInTheAliasTableBindsToItsSetting() {
    List<Object> defaults =
        List.of(
            settings(Map.of()), PublishingSettings.defaults(), CreditSettings.from(name -> null));

    for (var sample : SAMPLES.entrySet()) {
      Map<String, String> one = Map.of(sample.getKey(), sample.getValue());
      List<Object> set =
          List.of(settings(one), PublishingSettings.from(one::get), CreditSettings.from(one::get));
      assertThat(set).as(sample.getKey() + " changes a setting").isNotEqualTo(defaults);
    }
  }

  @Test
  void aPlatformsApiUrlIsTheCanonicalNameAndItsBaseUrlADeprecatedAlias() {
    Map<String, String> both =
        Map.of("X_API_URL", "http://127.0.0.1:7001", "X_BASE_URL", "http://127.0.0.1:7002");
    assertThat(PublishingSettings.from(both::get).xBaseUrl()).isEqualTo("http://127.0.0.1:7001");
    assertThat(settings(both).social().x().apiUrl()).isEqualTo("http://127.0.0.1:7001");

    Map<String, String> old = Map.of("LINKEDIN_BASE_URL", "http://127.0.0.1:7003/");
    assertThat(PublishingSettings.from(old::get).linkedinBaseUrl())
        .isEqualTo("http://127.0.0.1:7003");
    assertThat(settings(old).social().linkedin().apiUrl()).isEqualTo("http://127.0.0.1:7003");

    Map<String, String> canonical = Map.of("FACEBOOK_API_URL", "http://127.0.0.1:7004/v21.0");
    assertThat(PublishingSettings.from(canonical::get).facebookBaseUrl())
        .isEqualTo("http://127.0.0.1:7004/v21.0");
    assertThat(SettingsVariables.DEPRECATED_ALIASES.keySet())
        .allSatisfy(v -> assertThat(SettingsVariables.ALIASES).containsKey(v));
    assertThat(SettingsVariables.DEPRECATED_ALIASES.values())
        .allSatisfy(v -> assertThat(SettingsVariables.ALIASES).containsKey(v));
  }

  @Test
  void thePublishingVariablesReachTheirFields() {
    Map<String, String> publishingOnly = new java.util.HashMap<>(SAMPLES);
    publishingOnly.keySet().removeIf(k -> k.endsWith("_API_URL")); // they would win (canonical)
    assertThat(PublishingSettings.from(publishingOnly::get))
        .isEqualTo(
            new PublishingSettings(
                "http://127.0.0.1:9001",
                "http://127.0.0.1:9002",
                "http://127.0.0.1:9003/v21.0",
                "http://127.0.0.1:9004/v21.0",
                "http://127.0.0.1:9005",
                "http://127.0.0.1:9006",
                "202601",
                16,
                4,
                30,
                60));
    assertThatThrownBy(
            () -> PublishingSettings.from(Map.of("RENDEROWL_PUBLISH_CHUNK_MB", "65")::get))
        .hasMessageContaining("RENDEROWL_PUBLISH_CHUNK_MB must be at most 64");
  }

  @Test
  void everyVariableSetAtOnceReachesTheRightField() {
    RenderowlSettings s = settings(SAMPLES);

    assertThat(s.home()).isEqualTo(Path.of("/srv/owl"));
    assertThat(s.database())
        .isEqualTo(
            new RenderowlSettings.Database("jdbc:postgresql://db:5432/owl", "owl", "secret"));
    assertThat(s.redis().url()).isEqualTo("redis://cache:6379/0");
    assertThat(s.s3())
        .isEqualTo(new RenderowlSettings.S3("https://r2.example", "ak", "sk", "videos", "auto"));
    assertThat(s.temporal())
        .isEqualTo(
            new RenderowlSettings.Temporal(
                "temporal:7233", "renderowl", "dev", "/usr/bin/temporal", 7300, 8300, true));
    assertThat(s.worker()).isEqualTo(new RenderowlSettings.Worker(false, "3"));
    assertThat(s.publishDir()).isEqualTo(Path.of("/srv/out"));
    assertThat(s.auth())
        .isEqualTo(
            new RenderowlSettings.Auth(
                "/srv/keys.jwks",
                "https://owl.example",
                5,
                7,
                "https://clerk.example/.well-known/jwks.json",
                "https://clerk.example",
                List.of("https://app.example", "https://owl.example"),
                30,
                60,
                10));
    assertThat(s.localUserEmail()).isEqualTo("me@example.org");
    assertThat(s.publishers()).containsExactly("youtube");
    assertThat(s.render())
        .isEqualTo(new RenderowlSettings.Render(120, "off", 15, 5, "render", "-16", -2, "frame"));
    assertThat(s.batch()).isEqualTo(new RenderowlSettings.Batch(50, 2, 0, 1, false, 5, 30, 15));

    SocialSettings social = s.social();
    assertThat(social.tokenKeyId()).isEqualTo("k2026");
    assertThat(social.oldTokenKeys()).isEqualTo("k2025=AAAAAAAAAAAAAAAAAAAAAA==");
    assertThat(social.redirectUri(io.renderowl.infra.social.SocialPlatform.X))
        .isEqualTo("https://app.example/cb/x");
    assertThat(social.stateMinutes()).isEqualTo(5);
    assertThat(social.analyticsRequestsPerMinute()).isEqualTo(10);
    assertThat(social.tiktok())
        .isEqualTo(
            new SocialSettings.Client(
                "tiktok-client",
                "tiktok-secret",
                "http://127.0.0.1:9/tiktok/authorize",
                "http://127.0.0.1:9/tiktok/token",
                "http://127.0.0.1:9/tiktok/api",
                "tiktok.scope"));
    assertThat(social.linkedin().clientId()).isEqualTo("linkedin-client");

    assertThat(s.outbound())
        .isEqualTo(new RenderowlSettings.Outbound(true, List.of("feeds.intranet", "10.20.0.0/16")));

    ProviderSettings p = s.providers();
    assertThat(p.script()).isEqualTo("openai");
    assertThat(p.visuals()).containsExactly("stability");
    assertThat(p.voice()).isEqualTo("openai");
    assertThat(p.openAi())
        .isEqualTo(
            new ProviderSettings.OpenAi(
                "http://localhost:11434/v1", "sk-test", "llama3.1", "gpt-image-1", "tts-1-hd"));
    assertThat(p.elevenLabs())
        .isEqualTo(new ProviderSettings.Endpoint("http://localhost:9001", "xi", "eleven_turbo_v2"));
    assertThat(p.pexels())
        .isEqualTo(new ProviderSettings.Endpoint("http://localhost:9002", "p", ""));
    assertThat(p.pixabay())
        .isEqualTo(new ProviderSettings.Endpoint("http://localhost:9003", "x", ""));
    assertThat(p.stability())
        .isEqualTo(new ProviderSettings.Endpoint("http://localhost:9004", "st", "ultra"));
    assertThat(p.requestsPerMinute()).isEqualTo(30);
    assertThat(p.cacheTtl()).isEqualTo(Duration.ofHours(1));
    assertThat(p.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(p.maxDownloadBytes()).isEqualTo(1000);
    assertThat(p.llmRepairAttempts()).isZero();
    assertThat(p.musicPrefix()).isEqualTo("music/");
    assertThat(p.musicMood()).isEqualTo("calm");
    assertThat(p.musicUrl()).isEqualTo("s3://bucket/track.mp3");
    assertThat(p.scriptTone()).isEqualTo("playful");
    assertThat(p.llmJsonMode()).isEqualTo("object");
    assertThat(p.missingKeys()).isEmpty();
  }

  @Test
  void theDefaultsAreTheOnesUsersAlwaysHad() {
    RenderowlSettings s = settings(Map.of());
    Path home = Path.of(".owl").toAbsolutePath().normalize();

    assertThat(s)
        .isEqualTo(
            new RenderowlSettings(
                home,
                new RenderowlSettings.Database("", "postgres", ""),
                new RenderowlSettings.Redis(""),
                new RenderowlSettings.S3(
                    "", "renderowl", "renderowl-local-secret", "renderowl", "us-east-1"),
                new RenderowlSettings.Temporal("", "default", "auto", "", 7233, 8233, false),
                new RenderowlSettings.Worker(true, RenderowlSettings.Worker.AUTO),
                home.resolve("published"),
                new RenderowlSettings.Auth(
                    "", "renderowl", 15, 30, "", "", List.of(), 60, 600, 120),
                "local@renderowl.local",
                List.of("local-folder"),
                new RenderowlSettings.Render(300, "auto", 60, 30, "all", "-14", -1, "auto"),
                s.providers(),
                new RenderowlSettings.Batch(100, 8, 8, 4, true, 60, 7, 120),
                s.social(),
                new RenderowlSettings.Outbound(false, List.of())));

    ProviderSettings p = s.providers();
    assertThat(p.script()).isEqualTo("offline");
    assertThat(p.visuals()).containsExactly("procedural");
    assertThat(p.voice()).isEqualTo("espeak");
    assertThat(p.openAi())
        .isEqualTo(
            new ProviderSettings.OpenAi(
                "https://api.openai.com/v1", "", "gpt-4o-mini", "dall-e-3", "tts-1"));
    assertThat(p.elevenLabs())
        .isEqualTo(
            new ProviderSettings.Endpoint(
                "https://api.elevenlabs.io", "", "eleven_multilingual_v2"));
    assertThat(p.pexels())
        .isEqualTo(new ProviderSettings.Endpoint("https://api.pexels.com", "", ""));
    assertThat(p.pixabay()).isEqualTo(new ProviderSettings.Endpoint("https://pixabay.com", "", ""));
    assertThat(p.stability())
        .isEqualTo(new ProviderSettings.Endpoint("https://api.stability.ai", "", "core"));
    assertThat(p.requestsPerMinute()).isEqualTo(60);
    assertThat(p.cacheTtl()).isEqualTo(Duration.ofDays(7));
    assertThat(p.timeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(p.maxDownloadBytes()).isEqualTo(50L << 20);
    assertThat(p.llmRepairAttempts()).isEqualTo(2);
    assertThat(p.musicPrefix()).isEqualTo("library/music/");
    assertThat(p.musicMood()).isEmpty();
    assertThat(p.musicUrl()).isEmpty();
    assertThat(p.scriptTone()).isEmpty();
    assertThat(p.llmJsonMode()).isEqualTo("schema");
    assertThat(p).isEqualTo(ProviderSettings.from(name -> null));
  }

  @Test
  void aBlankValueCountsAsUnsetAndValuesAreStripped() {
    Map<String, String> env = new HashMap<>();
    env.put("RENDEROWL_TEMPORAL_SERVER", "  ");
    env.put("RENDEROWL_RENDER_CHUNK_FRAMES", "");
    env.put("RENDEROWL_S3_BUCKET", " videos ");
    env.put("RENDEROWL_PUBLISHERS", "local-folder, ,youtube");

    RenderowlSettings s = settings(env);

    assertThat(s.temporal().server()).isEqualTo("auto");
    assertThat(s.render().chunkFrames()).isEqualTo(300);
    assertThat(s.s3().bucket()).isEqualTo("videos");
    assertThat(s.publishers()).containsExactly("local-folder", "youtube");
  }

  @Test
  void choicesIgnoreCaseAsTheyAlwaysDid() {
    RenderowlSettings s =
        settings(
            Map.of(
                "RENDEROWL_TEMPORAL_SERVER",
                "DEV",
                "RENDEROWL_WORKER_ROLE",
                "Render",
                "RENDEROWL_VOICE_PROVIDER",
                "ESPEAK"));

    assertThat(s.temporal().server()).isEqualTo("dev");
    assertThat(s.render().renderOnly()).isTrue();
    assertThat(s.providers().voice()).isEqualTo("espeak");
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          RENDEROWL_RENDER_CHUNK_FRAMES        | 0       | RENDEROWL_RENDER_CHUNK_FRAMES must be at least 1 (got '0')
          RENDEROWL_RENDER_GPU_WAIT_SECONDS    | -5      | RENDEROWL_RENDER_GPU_WAIT_SECONDS must be at least 1 (got '-5')
          RENDEROWL_RENDER_HEARTBEAT_SECONDS   | 0       | RENDEROWL_RENDER_HEARTBEAT_SECONDS must be at least 1 (got '0')
          RENDEROWL_RENDER_GPU                 | cuda    | RENDEROWL_RENDER_GPU must be one of auto, off (got 'cuda')
          RENDEROWL_LOUDNESS_TARGET            | loud    | RENDEROWL_LOUDNESS_TARGET must be off or a negative loudness in LUFS such as -14 (got 'loud')
          RENDEROWL_TRUE_PEAK_MAX              | high    | RENDEROWL_TRUE_PEAK_MAX must be a number (got 'high')
          RENDEROWL_X264_THREADING             | slices  | RENDEROWL_X264_THREADING must be one of auto, frame, sliced (got 'slices')
          RENDEROWL_TEMPORAL_UI_PORT           | web     | RENDEROWL_TEMPORAL_UI_PORT must be a number (got 'web')
          RENDEROWL_TEMPORAL_SEARCH_ATTRIBUTES | perhaps | RENDEROWL_TEMPORAL_SEARCH_ATTRIBUTES must be true or false (got 'perhaps')
          RENDEROWL_MAX_RUNS                   | -1      | RENDEROWL_MAX_RUNS must be 0 or more (got '-1')
          RENDEROWL_MAX_RUNS_PER_USER          | many    | RENDEROWL_MAX_RUNS_PER_USER must be a number (got 'many')
          RENDEROWL_SCHEDULER                  | 2       | RENDEROWL_SCHEDULER must be true or false (got '2')
          RENDEROWL_STUCK_RUN_MINUTES          | 0       | RENDEROWL_STUCK_RUN_MINUTES must be at least 1 (got '0')
          RENDEROWL_SCRIPT_PROVIDER            | claude  | RENDEROWL_SCRIPT_PROVIDER must be one of openai, offline (got 'claude')
          RENDEROWL_LLM_JSON_MODE              | xml     | RENDEROWL_LLM_JSON_MODE must be one of schema, object, none (got 'xml')
          RENDEROWL_LLM_REPAIR_ATTEMPTS        | -1      | RENDEROWL_LLM_REPAIR_ATTEMPTS must be 0 or more (got '-1')
          RENDEROWL_PROVIDER_CACHE_TTL_SECONDS | 0       | RENDEROWL_PROVIDER_CACHE_TTL_SECONDS must be at least 1 (got '0')
          RENDEROWL_PROVIDER_TIMEOUT_SECONDS   | soon    | RENDEROWL_PROVIDER_TIMEOUT_SECONDS must be a number of seconds (got 'soon')
          RENDEROWL_DOWNLOAD_MAX_BYTES         | 0       | RENDEROWL_DOWNLOAD_MAX_BYTES must be at least 1 (got '0')
          RENDEROWL_DOWNLOAD_MAX_BYTES         | 3000000000 | RENDEROWL_DOWNLOAD_MAX_BYTES must be at most 2147483647 (got '3000000000')
          RENDEROWL_VISUAL_PROVIDERS           | ','     | RENDEROWL_VISUAL_PROVIDERS names no provider (got ',')
          """)
  void aBadValueStopsStartUpNamingTheVariable(String variable, String value, String message) {
    assertThatThrownBy(() -> settings(Map.of(variable, value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void everyBadValueIsNamedAtOnce() {
    assertThatThrownBy(() ->
            settings(
                Map.of("RENDEROWL_BATCH_CHUNK_SIZE", "0", "RENDEROWL_BATCH_START_THREADS", "0")))
        .hasMessageContaining("RENDEROWL_BATCH_CHUNK_SIZE must be at least 1 (got '0')")
        .hasMessageContaining("RENDEROWL_BATCH_START_THREADS must be at least 1 (got '0')");
  }

  @Test
  void theSettingsBeanIsBuiltFromSpringPropertiesOfTheVariablesNames() {
    new ApplicationContextRunner()
        .withUserConfiguration(SettingsBean.class)
        .withPropertyValues("RENDEROWL_RENDER_CHUNK_FRAMES=90", "OPENAI_API_KEY=sk")
        .run(context -> {
          assertThat(context).hasNotFailed();
          RenderowlSettings s = context.getBean(RenderowlSettings.class);
          assertThat(s.render().chunkFrames()).isEqualTo(90);
          assertThat(s.providers().script()).isEqualTo("openai");
        });
  }

  @Test
  void aBadSpringPropertyFailsTheContextWithTheVariablesName() {
    new ApplicationContextRunner()
        .withUserConfiguration(SettingsBean.class)
        .withPropertyValues("RENDEROWL_RENDER_CHUNK_FRAMES=0")
        .run(context ->
            assertThat(context)
                .getFailure()
                .rootCause()
                .hasMessage("RENDEROWL_RENDER_CHUNK_FRAMES must be at least 1 (got '0')"));
  }

  /** The bean as StackConfiguration declares it, next to Boot's own properties binding. */
  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties
  static class SettingsBean {
    @Bean
    RenderowlSettings renderowlSettings(Environment environment) {
      return RenderowlSettings.from(environment::getProperty);
    }
  }

  private static Map<String, String> samples(String... nameThenValue) {
    Map<String, String> map = new TreeMap<>();
    for (int i = 0; i < nameThenValue.length; i += 2) {
      map.put(nameThenValue[i], nameThenValue[i + 1]);
    }
    return map;
  }
}
