package io.renderowl.infra.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.function.Function;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the social publishers find each platform's API and how they upload. The base URLs default
 * to the platforms' public hosts; tests and benchmarks point them at local stubs. Client ids and
 * secrets belong to the connected-accounts settings, not here.
 *
 * @param youtubeBaseUrl YOUTUBE_BASE_URL: YouTube Data API v3 host (uploads under /upload)
 * @param tiktokBaseUrl TIKTOK_BASE_URL: TikTok Content Posting API host
 * @param instagramBaseUrl INSTAGRAM_BASE_URL: Instagram Graph API, with its version
 * @param facebookBaseUrl FACEBOOK_BASE_URL: Facebook Graph API, with its version
 * @param xBaseUrl X_BASE_URL: X API v2 host
 * @param linkedinBaseUrl LINKEDIN_BASE_URL: LinkedIn REST API host
 * @param linkedinVersion LINKEDIN_VERSION: the LinkedIn-Version header (YYYYMM)
 * @param chunkMb RENDEROWL_PUBLISH_CHUNK_MB: upload chunk size in MiB (each platform clamps it to
 *     its own rules: YouTube a multiple of 256 KiB, TikTok 5-64 MB)
 * @param concurrency RENDEROWL_PUBLISH_CONCURRENCY: uploads at once per platform and worker
 * @param pollSeconds RENDEROWL_PUBLISH_POLL_SECONDS: how often processing status is asked
 * @param timeoutSeconds RENDEROWL_PUBLISH_TIMEOUT_SECONDS: limit of one HTTP exchange (a chunk)
 */
public record PublishingSettings(
    @DefaultValue("https://www.googleapis.com") String youtubeBaseUrl,
    @DefaultValue("https://open.tiktokapis.com") String tiktokBaseUrl,
    @DefaultValue("https://graph.facebook.com/v21.0") String instagramBaseUrl,
    @DefaultValue("https://graph.facebook.com/v21.0") String facebookBaseUrl,
    @DefaultValue("https://api.x.com") String xBaseUrl,
    @DefaultValue("https://api.linkedin.com") String linkedinBaseUrl,
    @DefaultValue("202511") String linkedinVersion,
    @DefaultValue("8")
        @Min(value = 1, message = "must be at least {value}")
        @Max(value = 64, message = "must be at most {value}")
        int chunkMb,
    @DefaultValue("2") @Min(value = 1, message = "must be at least {value}") int concurrency,
    @DefaultValue("10") @Min(value = 1, message = "must be at least {value}") int pollSeconds,
    @DefaultValue("120") @Min(value = 5, message = "must be at least {value}") int timeoutSeconds) {

  public PublishingSettings {
    youtubeBaseUrl = trimSlash(youtubeBaseUrl);
    tiktokBaseUrl = trimSlash(tiktokBaseUrl);
    instagramBaseUrl = trimSlash(instagramBaseUrl);
    facebookBaseUrl = trimSlash(facebookBaseUrl);
    xBaseUrl = trimSlash(xBaseUrl);
    linkedinBaseUrl = trimSlash(linkedinBaseUrl);
  }

  /** The upload chunk size in bytes. */
  public long chunkBytes() {
    return (long) chunkMb << 20;
  }

  /**
   * Binds the settings from variables read through {@code lookup} (null or blank for unset ones).
   *
   * @throws IllegalArgumentException naming each variable whose value is wrong
   */
  public static PublishingSettings from(Function<String, String> lookup) {
    return SettingsBinder.bind("renderowl.publishing", PublishingSettings.class, lookup);
  }

  /** Every default: the platforms' public hosts. */
  public static PublishingSettings defaults() {
    return from(name -> null);
  }

  private static String trimSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
