package io.renderowl.infra.config;

import io.renderowl.infra.social.SocialPlatform;
import jakarta.validation.constraints.Min;
import java.util.function.Function;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Connected social accounts: the OAuth clients per platform, the key that seals tokens at rest, and
 * the analytics sync's pace, bound under {@code renderowl.social} (the README's "Connected
 * accounts" table lists the variables). A platform without a client id cannot be connected.
 *
 * @param tokenKey RENDEROWL_TOKEN_KEY: AES key (base64 of 16, 24 or 32 bytes) sealing access and
 *     refresh tokens; when unset, a 256-bit key is generated once into RENDEROWL_HOME/secrets
 * @param tokenKeyId RENDEROWL_TOKEN_KEY_ID: the name stored beside each ciphertext (default:
 *     derived from the key)
 * @param oldTokenKeys RENDEROWL_TOKEN_OLD_KEYS: id=base64 pairs (comma separated) of retired keys
 *     still needed to read tokens sealed before a rotation (re-sealed with the current key on
 *     start-up); parsed by the cipher so that a bad value is never echoed
 * @param redirectUrl RENDEROWL_OAUTH_REDIRECT_URL: where the platform sends the user back, {@code
 *     {platform}} replaced (default http://localhost:8080/social/callback/{platform})
 * @param stateMinutes RENDEROWL_OAUTH_STATE_MINUTES (default 15): how long an authorization may
 *     take
 * @param analyticsRequestsPerMinute RENDEROWL_ANALYTICS_RPM (default 60): analytics calls per
 *     platform and minute
 * @param youtube YOUTUBE_CLIENT_ID, YOUTUBE_CLIENT_SECRET, YOUTUBE_AUTHORIZE_URL,
 *     YOUTUBE_TOKEN_URL, YOUTUBE_API_URL, YOUTUBE_SCOPES
 * @param tiktok TIKTOK_CLIENT_KEY, TIKTOK_CLIENT_SECRET, TIKTOK_AUTHORIZE_URL, ...
 * @param instagram INSTAGRAM_CLIENT_ID (the Meta app id), INSTAGRAM_CLIENT_SECRET, ...
 * @param facebook FACEBOOK_CLIENT_ID (the Meta app id), FACEBOOK_CLIENT_SECRET, ...
 * @param x X_CLIENT_ID, X_CLIENT_SECRET, ...
 * @param linkedin LINKEDIN_CLIENT_ID, LINKEDIN_CLIENT_SECRET, ...
 */
@ConfigurationProperties("renderowl.social")
@Validated
public record SocialSettings(
    @DefaultValue("") String tokenKey,
    @DefaultValue("") String tokenKeyId,
    @DefaultValue("") String oldTokenKeys,
    @DefaultValue("http://localhost:8080/social/callback/{platform}") String redirectUrl,
    @DefaultValue("15") @Min(value = 1, message = "must be at least {value}") int stateMinutes,
    @DefaultValue("60") @Min(value = 1, message = "must be at least {value}")
        int analyticsRequestsPerMinute,
    @DefaultValue Client youtube,
    @DefaultValue Client tiktok,
    @DefaultValue Client instagram,
    @DefaultValue Client facebook,
    @DefaultValue Client x,
    @DefaultValue Client linkedin) {

  private static final String GRAPH = "https://graph.facebook.com/v23.0";
  private static final String META_DIALOG = "https://www.facebook.com/v23.0/dialog/oauth";

  public SocialSettings {
    youtube =
        youtube.withDefaults(
            "https://accounts.google.com/o/oauth2/v2/auth",
            "https://oauth2.googleapis.com/token",
            "https://www.googleapis.com",
            "https://www.googleapis.com/auth/youtube.upload"
                + " https://www.googleapis.com/auth/youtube.readonly");
    tiktok =
        tiktok.withDefaults(
            "https://www.tiktok.com/v2/auth/authorize/",
            "https://open.tiktokapis.com/v2/oauth/token/",
            "https://open.tiktokapis.com",
            "user.info.basic,video.publish,video.upload,video.list");
    instagram =
        instagram.withDefaults(
            META_DIALOG,
            GRAPH + "/oauth/access_token",
            GRAPH,
            "instagram_basic,instagram_content_publish,instagram_manage_insights,"
                + "pages_show_list,pages_read_engagement");
    facebook =
        facebook.withDefaults(
            META_DIALOG,
            GRAPH + "/oauth/access_token",
            GRAPH,
            "pages_show_list,pages_read_engagement,pages_manage_posts,read_insights,publish_video");
    x =
        x.withDefaults(
            "https://x.com/i/oauth2/authorize",
            "https://api.x.com/2/oauth2/token",
            "https://api.x.com",
            "tweet.read tweet.write users.read media.write offline.access");
    linkedin =
        linkedin.withDefaults(
            "https://www.linkedin.com/oauth/v2/authorization",
            "https://www.linkedin.com/oauth/v2/accessToken",
            "https://api.linkedin.com",
            "openid profile w_member_social r_member_postAnalytics");
  }

  /** The OAuth client of a platform. */
  public Client client(SocialPlatform platform) {
    return switch (platform) {
      case YOUTUBE -> youtube;
      case TIKTOK -> tiktok;
      case INSTAGRAM -> instagram;
      case FACEBOOK -> facebook;
      case X -> x;
      case LINKEDIN -> linkedin;
    };
  }

  /** The redirect URI registered for the platform. */
  public String redirectUri(SocialPlatform platform) {
    return redirectUrl.replace("{platform}", platform.id());
  }

  /**
   * A platform's OAuth 2.0 client and where its endpoints are (the platform's public hosts by
   * default; tests point them at stubs).
   *
   * @param clientId the app's client id (TikTok: client key; Meta: app id); empty = not offered
   * @param clientSecret the app's secret
   * @param authorizeUrl the authorization endpoint users are sent to
   * @param tokenUrl the token endpoint (code exchange and refresh)
   * @param apiUrl the API base the identity and analytics calls go to
   * @param scopes the scopes asked for, in the platform's own separator
   */
  public record Client(
      @DefaultValue("") String clientId,
      @DefaultValue("") String clientSecret,
      @DefaultValue("") String authorizeUrl,
      @DefaultValue("") String tokenUrl,
      @DefaultValue("") String apiUrl,
      @DefaultValue("") String scopes) {

    public boolean configured() {
      return !clientId.isBlank();
    }

    /** The client's text without the secret, for logs and errors. */
    @Override
    public String toString() {
      return "Client[clientId=" + clientId + ", tokenUrl=" + tokenUrl + ", apiUrl=" + apiUrl + "]";
    }

    Client withDefaults(String authorize, String token, String api, String defaultScopes) {
      return new Client(
          clientId,
          clientSecret,
          authorizeUrl.isBlank() ? authorize : authorizeUrl,
          tokenUrl.isBlank() ? token : tokenUrl,
          trimSlash(apiUrl.isBlank() ? api : apiUrl),
          scopes.isBlank() ? defaultScopes : scopes);
    }
  }

  /** The settings' text without the keys, for logs and errors. */
  @Override
  public String toString() {
    return "SocialSettings[tokenKey=" + (tokenKey.isBlank() ? "generated" : "set") + "]";
  }

  /**
   * Binds the settings from variables read through {@code lookup} (null or blank for unset ones).
   *
   * @throws IllegalArgumentException naming each variable whose value is wrong
   */
  public static SocialSettings from(Function<String, String> lookup) {
    return SettingsBinder.bind("renderowl.social", SocialSettings.class, lookup);
  }

  private static String trimSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
