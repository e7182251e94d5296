package io.renderowl.infra.social.internal;

import io.renderowl.infra.config.SocialSettings;
import io.renderowl.infra.config.SocialSettings.Client;
import io.renderowl.infra.social.SocialPlatform;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Each platform's OAuth 2.0 contract, as its documentation states it: the authorize URL, the code
 * exchange and refresh at the token endpoint (client credentials in the body, or HTTP Basic for X's
 * confidential clients), and the call that says who the account is.
 *
 * <ul>
 *   <li>Google (YouTube): accounts.google.com/o/oauth2/v2/auth with {@code access_type=offline} and
 *       {@code prompt=consent} (so a refresh token is issued), oauth2.googleapis.com/token,
 *       identity from {@code youtube/v3/channels?part=snippet&mine=true}.
 *   <li>TikTok (Login Kit v2): {@code client_key}, comma-separated scopes, PKCE S256;
 *       open.tiktokapis.com/v2/oauth/token/; identity from {@code v2/user/info/}.
 *   <li>Meta (Instagram, Facebook): the Facebook Login dialog; the code is exchanged with a GET of
 *       {@code oauth/access_token}, then the short-lived token for a long-lived one ({@code
 *       grant_type=fb_exchange_token}), which is also how it is renewed (Meta issues no refresh
 *       token); identity from {@code me/accounts} (the Page, and its Instagram business account).
 *   <li>X: x.com/i/oauth2/authorize with PKCE S256, api.x.com/2/oauth2/token (Basic auth when a
 *       secret is set, else {@code client_id} in the body), identity from {@code 2/users/me}.
 *   <li>LinkedIn: linkedin.com/oauth/v2/authorization and accessToken, identity from the OpenID
 *       {@code v2/userinfo}.
 * </ul>
 */
final class OAuthClient {

  /** What a token endpoint answered. Never logged. */
  record Tokens(
      String accessToken,
      @Nullable String refreshToken,
      @Nullable Long expiresIn,
      @Nullable String scope) {
    @Override
    public String toString() {
      return "Tokens[expiresIn=" + expiresIn + ", scope=" + scope + "]";
    }
  }

  /** Who the account is on the platform. */
  record Identity(String platformUserId, String username, String channelName) {}

  private final SocialSettings settings;
  private final PlatformHttp http;

  OAuthClient(SocialSettings settings, PlatformHttp http) {
    this.settings = settings;
    this.http = http;
  }

  Client client(SocialPlatform p) {
    Client c = settings.client(p);
    if (!c.configured()) {
      throw new IllegalArgumentException(
          p.label()
              + " is not configured: set "
              + variablePrefix(p)
              + (p == SocialPlatform.TIKTOK ? "_CLIENT_KEY" : "_CLIENT_ID")
              + " and "
              + variablePrefix(p)
              + "_CLIENT_SECRET");
    }
    return c;
  }

  static String variablePrefix(SocialPlatform p) {
    return p.name();
  }

  /** The URL the user is sent to. */
  String authorizeUrl(SocialPlatform p, String state, @Nullable String codeVerifier) {
    Client c = client(p);
    Map<String, String> q = new LinkedHashMap<>();
    q.put(p == SocialPlatform.TIKTOK ? "client_key" : "client_id", c.clientId());
    q.put("redirect_uri", settings.redirectUri(p));
    q.put("response_type", "code");
    q.put("scope", c.scopes());
    q.put("state", state);
    if (p == SocialPlatform.YOUTUBE) {
      q.put("access_type", "offline");
      q.put("prompt", "consent");
      q.put("include_granted_scopes", "true");
    }
    if (p.pkce()) {
      q.put("code_challenge", challenge(codeVerifier));
      q.put("code_challenge_method", "S256");
    }
    String base = c.authorizeUrl();
    return base + (base.contains("?") ? "&" : "?") + PlatformHttp.query(q);
  }

  /** RFC 7636 S256: base64url (no padding) of the SHA-256 of the verifier. */
  static String challenge(@Nullable String verifier) {
    if (verifier == null) {
      throw new IllegalStateException("PKCE needs a code verifier");
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Exchanges an authorization code for tokens (Meta: then for a long-lived token). */
  Tokens exchange(SocialPlatform p, String code, @Nullable String codeVerifier) {
    Client c = client(p);
    String what = p.label() + " token exchange";
    if (p.meta()) {
      Map<String, String> q = new LinkedHashMap<>();
      q.put("client_id", c.clientId());
      q.put("redirect_uri", settings.redirectUri(p));
      q.put("client_secret", c.clientSecret());
      q.put("code", code);
      Tokens shortLived = tokens(get(c.tokenUrl(), q, what), null);
      return metaLongLived(p, shortLived.accessToken());
    }
    Map<String, String> f = new LinkedHashMap<>();
    f.put("grant_type", "authorization_code");
    f.put("code", code);
    f.put("redirect_uri", settings.redirectUri(p));
    if (p.pkce()) {
      f.put("code_verifier", codeVerifier == null ? "" : codeVerifier);
    }
    return tokens(post(p, c, f, what), null);
  }

  /**
   * Renews the access token: the refresh-token grant (RFC 6749 section 6), or for Meta the
   * long-lived token exchange with the current token. A refresh token not sent back is kept.
   */
  Tokens refresh(SocialPlatform p, @Nullable String refreshToken, String accessToken) {
    Client c = client(p);
    if (p.meta()) {
      return metaLongLived(p, accessToken);
    }
    if (refreshToken == null) {
      throw new PlatformHttp.Refused(
          400,
          p.label() + " gave no refresh token: connect the account again",
          java.util.OptionalLong.empty());
    }
    Map<String, String> f = new LinkedHashMap<>();
    f.put("grant_type", "refresh_token");
    f.put("refresh_token", refreshToken);
    return tokens(post(p, c, f, p.label() + " token refresh"), refreshToken);
  }

  private Tokens metaLongLived(SocialPlatform p, String token) {
    Client c = client(p);
    Map<String, String> q = new LinkedHashMap<>();
    q.put("grant_type", "fb_exchange_token");
    q.put("client_id", c.clientId());
    q.put("client_secret", c.clientSecret());
    q.put("fb_exchange_token", token);
    return tokens(get(c.tokenUrl(), q, p.label() + " long-lived token exchange"), null);
  }

  /** Reads who the account is. */
  Identity identity(SocialPlatform p, String accessToken) {
    Client c = client(p);
    String api = c.apiUrl();
    String what = p.label() + " account lookup";
    return switch (p) {
      case YOUTUBE -> {
        JsonNode items =
            bearer(api + "/youtube/v3/channels?part=snippet&mine=true", accessToken, what)
                .path("items");
        if (!items.isArray() || items.isEmpty()) {
          throw new io.renderowl.infra.social.SocialConnections.ConnectionFailed(
              "the Google account has no YouTube channel");
        }
        JsonNode ch = items.get(0);
        String title = ch.path("snippet").path("title").asString("");
        yield new Identity(
            ch.path("id").asString(), ch.path("snippet").path("customUrl").asString(title), title);
      }
      case TIKTOK -> {
        JsonNode user =
            bearer(
                    api + "/v2/user/info/?fields=open_id,union_id,display_name,username",
                    accessToken,
                    what)
                .path("data")
                .path("user");
        String name = user.path("display_name").asString("");
        yield new Identity(
            user.path("open_id").asString(), user.path("username").asString(name), name);
      }
      case INSTAGRAM -> {
        JsonNode pages =
            bearer(
                    api + "/me/accounts?fields=id,name,instagram_business_account%7Bid,username%7D",
                    accessToken,
                    what)
                .path("data");
        for (JsonNode page : pages) {
          JsonNode ig = page.path("instagram_business_account");
          if (ig.path("id").isString()) {
            yield new Identity(
                ig.path("id").asString(),
                ig.path("username").asString(""),
                page.path("name").asString(""));
          }
        }
        throw new io.renderowl.infra.social.SocialConnections.ConnectionFailed(
            "none of the user's Facebook Pages has an Instagram business account linked");
      }
      case FACEBOOK -> {
        JsonNode pages =
            bearer(api + "/me/accounts?fields=id,name", accessToken, what).path("data");
        if (!pages.isArray() || pages.isEmpty()) {
          throw new io.renderowl.infra.social.SocialConnections.ConnectionFailed(
              "the Facebook user manages no Page to publish to");
        }
        JsonNode page = pages.get(0);
        yield new Identity(
            page.path("id").asString(),
            page.path("name").asString(""),
            page.path("name").asString(""));
      }
      case X -> {
        JsonNode data = bearer(api + "/2/users/me", accessToken, what).path("data");
        yield new Identity(
            data.path("id").asString(),
            data.path("username").asString(""),
            data.path("name").asString(""));
      }
      case LINKEDIN -> {
        JsonNode me = bearer(api + "/v2/userinfo", accessToken, what);
        yield new Identity(
            me.path("sub").asString(), me.path("name").asString(""), me.path("name").asString(""));
      }
    };
  }

  private JsonNode bearer(String url, String token, String what) {
    JsonNode body =
        http.send(http.request(url).header("Authorization", "Bearer " + token).GET().build(), what)
            .body();
    return body;
  }

  private PlatformHttp.Answer get(String url, Map<String, String> query, String what) {
    String full = url + (url.contains("?") ? "&" : "?") + PlatformHttp.query(query);
    return http.send(http.request(full).GET().build(), what);
  }

  private PlatformHttp.Answer post(
      SocialPlatform p, Client c, Map<String, String> fields, String what) {
    Map<String, String> f = new LinkedHashMap<>(fields);
    HttpRequest.Builder r =
        http.request(c.tokenUrl()).header("Content-Type", "application/x-www-form-urlencoded");
    switch (p) {
      case X -> {
        if (c.clientSecret().isBlank()) {
          f.put("client_id", c.clientId());
        } else {
          String basic = c.clientId() + ":" + c.clientSecret();
          r.header(
              "Authorization",
              "Basic "
                  + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        }
      }
      case TIKTOK -> {
        f.put("client_key", c.clientId());
        f.put("client_secret", c.clientSecret());
      }
      default -> {
        f.put("client_id", c.clientId());
        f.put("client_secret", c.clientSecret());
      }
    }
    return http.send(r.POST(PlatformHttp.form(f)).build(), what);
  }

  private static Tokens tokens(PlatformHttp.Answer answer, @Nullable String previousRefresh) {
    JsonNode b = answer.body();
    // TikTok wraps errors in a 200 answer on some paths.
    if (!b.path("access_token").isString() || b.path("access_token").stringValue().isBlank()) {
      throw new PlatformHttp.Refused(
          answer.status(),
          "the token endpoint answered without an access token"
              + PlatformHttp.errorText(b).map(t -> " (" + t + ")").orElse(""),
          java.util.OptionalLong.empty());
    }
    String refresh =
        b.path("refresh_token").isString() && !b.path("refresh_token").stringValue().isBlank()
            ? b.path("refresh_token").stringValue()
            : previousRefresh;
    Long expiresIn = b.path("expires_in").canConvertToLong() ? b.path("expires_in").asLong() : null;
    if (expiresIn == null
        && b.path("expires_in").isString()
        && b.path("expires_in").stringValue().matches("\\d{1,12}")) {
      expiresIn = Long.parseLong(b.path("expires_in").stringValue());
    }
    String scope = b.path("scope").isString() ? b.path("scope").stringValue() : null;
    return new Tokens(b.path("access_token").stringValue(), refresh, expiresIn, scope);
  }
}
