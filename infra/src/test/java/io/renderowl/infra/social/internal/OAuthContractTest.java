package io.renderowl.infra.social.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.renderowl.infra.config.SocialSettings;
import io.renderowl.infra.social.SocialAccounts.AccountNeedsReconnect;
import io.renderowl.infra.social.SocialConnections.AuthorizeLink;
import io.renderowl.infra.social.SocialConnections.ConnectedAccount;
import io.renderowl.infra.social.SocialConnections.ConnectionFailed;
import io.renderowl.infra.social.SocialPlatform;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Each platform's OAuth 2.0 contract against a WireMock stub of its documented endpoints: what the
 * authorize URL carries, what the code exchange and the refresh send (PKCE verifier, client
 * authentication), how the identity is read, and that tokens are sealed in the database and never
 * logged.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // embedded PostgreSQL and a WireMock server
@ExtendWith(OutputCaptureExtension.class)
class OAuthContractTest {
  private static final String REDIRECT = "http://127.0.0.1:8080/social/callback/";

  private static WireMockServer stub;
  private static JdbcSocialAccounts accounts;
  private static JdbcClient jdbc;
  private UUID user;

  @BeforeAll
  static void start() {
    stub = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    stub.start();
    SocialSettings settings = SocialFixtures.settings(stub, Map.of());
    accounts = SocialFixtures.accounts(settings);
    jdbc = JdbcClient.create(SocialFixtures.database());
  }

  @AfterAll
  static void stop() {
    stub.stop();
  }

  @BeforeEach
  void freshUserAndStubs() {
    stub.resetAll();
    user = SocialFixtures.newUser();
  }

  @Test
  void youtubeAsksForOfflineAccessAndReadsTheChannel(CapturedOutput output) {
    stub.stubFor(
        post(urlPathEqualTo("/youtube/token"))
            .withFormParam("grant_type", equalTo("authorization_code"))
            .withFormParam("code", equalTo("code-yt"))
            .withFormParam("redirect_uri", equalTo(REDIRECT + "youtube"))
            .withFormParam("client_id", equalTo("youtube-client"))
            .withFormParam("client_secret", equalTo("youtube-secret"))
            .willReturn(
                okJson(
                    "{\"access_token\":\"ya29.secret-yt\",\"expires_in\":3599,"
                        + "\"refresh_token\":\"1//refresh-yt\",\"scope\":\"https://www.googleapis.com/auth/youtube.upload\","
                        + "\"token_type\":\"Bearer\"}")));
    stub.stubFor(
        get(urlPathEqualTo("/youtube/api/youtube/v3/channels"))
            .withQueryParam("part", equalTo("snippet"))
            .withQueryParam("mine", equalTo("true"))
            .withHeader("Authorization", equalTo("Bearer ya29.secret-yt"))
            .willReturn(
                okJson(
                    "{\"items\":[{\"id\":\"UC_owl\",\"snippet\":{\"title\":\"Owl Channel\",\"customUrl\":\"@owl\"}}]}")));

    AuthorizeLink link = accounts.authorize(user, SocialPlatform.YOUTUBE);
    Map<String, String> q = query(link.url());
    assertThat(link.url()).startsWith("http://127.0.0.1:" + stub.port() + "/youtube/authorize?");
    assertThat(q)
        .containsEntry("client_id", "youtube-client")
        .containsEntry("redirect_uri", REDIRECT + "youtube")
        .containsEntry("response_type", "code")
        .containsEntry("access_type", "offline")
        .containsEntry("prompt", "consent")
        .containsEntry("state", link.state())
        .doesNotContainKey("code_challenge");
    assertThat(q.get("scope")).contains("https://www.googleapis.com/auth/youtube.upload");

    ConnectedAccount a = accounts.complete(user, SocialPlatform.YOUTUBE, "code-yt", link.state());

    assertThat(a.account().platformUserId()).isEqualTo("UC_owl");
    assertThat(a.account().username()).isEqualTo("@owl");
    assertThat(a.account().channelName()).isEqualTo("Owl Channel");
    assertThat(a.hasRefreshToken()).isTrue();
    assertThat(a.tokenExpiresAt())
        .isBetween(Instant.now().plusSeconds(3500), Instant.now().plusSeconds(3600));
    assertSealed(a.account().id(), "ya29.secret-yt", "1//refresh-yt", output);
    assertThat(accounts.accessToken(a.account().id())).isEqualTo("ya29.secret-yt");
  }

  @Test
  void tiktokSendsTheClientKeyAndAPkceS256Challenge(CapturedOutput output) throws Exception {
    stub.stubFor(
        post(urlPathEqualTo("/tiktok/token"))
            .withFormParam("client_key", equalTo("tiktok-client"))
            .withFormParam("client_secret", equalTo("tiktok-secret"))
            .withFormParam("grant_type", equalTo("authorization_code"))
            .withFormParam("code", equalTo("code-tt"))
            .withFormParam("redirect_uri", equalTo(REDIRECT + "tiktok"))
            .willReturn(
                okJson(
                    "{\"access_token\":\"act.secret-tt\",\"expires_in\":86400,\"open_id\":\"oid-1\","
                        + "\"refresh_expires_in\":31536000,\"refresh_token\":\"rft.secret-tt\","
                        + "\"scope\":\"user.info.basic,video.publish\",\"token_type\":\"Bearer\"}")));
    stub.stubFor(
        get(urlPathEqualTo("/tiktok/api/v2/user/info/"))
            .withHeader("Authorization", equalTo("Bearer act.secret-tt"))
            .willReturn(
                okJson(
                    "{\"data\":{\"user\":{\"open_id\":\"oid-1\",\"display_name\":\"Owl\",\"username\":\"owl.tt\"}},"
                        + "\"error\":{\"code\":\"ok\",\"message\":\"\",\"log_id\":\"x\"}}")));

    AuthorizeLink link = accounts.authorize(user, SocialPlatform.TIKTOK);
    Map<String, String> q = query(link.url());
    assertThat(q)
        .containsEntry("client_key", "tiktok-client")
        .containsEntry("scope", "user.info.basic,video.publish,video.upload,video.list")
        .containsEntry("code_challenge_method", "S256")
        .doesNotContainKey("client_id");

    ConnectedAccount a = accounts.complete(user, SocialPlatform.TIKTOK, "code-tt", link.state());

    assertPkce(q.get("code_challenge"), "/tiktok/token");
    assertThat(a.account().platformUserId()).isEqualTo("oid-1");
    assertThat(a.account().username()).isEqualTo("owl.tt");
    assertThat(a.scopes()).isEqualTo("user.info.basic,video.publish");
    assertSealed(a.account().id(), "act.secret-tt", "rft.secret-tt", output);
  }

  @Test
  void xSendsPkceAndAuthenticatesTheConfidentialClientWithBasic(CapturedOutput output)
      throws Exception {
    String basic =
        Base64.getEncoder().encodeToString("x-client:x-secret".getBytes(StandardCharsets.UTF_8));
    stub.stubFor(
        post(urlPathEqualTo("/x/token"))
            .withHeader("Authorization", equalTo("Basic " + basic))
            .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
            .withFormParam("grant_type", equalTo("authorization_code"))
            .withFormParam("code", equalTo("code-x"))
            .withFormParam("redirect_uri", equalTo(REDIRECT + "x"))
            .withFormParam("client_secret", absent())
            .willReturn(
                okJson(
                    "{\"token_type\":\"bearer\",\"expires_in\":7200,\"access_token\":\"x-secret-at\","
                        + "\"scope\":\"tweet.write users.read offline.access\",\"refresh_token\":\"x-secret-rt\"}")));
    stub.stubFor(
        get(urlPathEqualTo("/x/api/2/users/me"))
            .withHeader("Authorization", equalTo("Bearer x-secret-at"))
            .willReturn(
                okJson(
                    "{\"data\":{\"id\":\"2244994945\",\"name\":\"Owl\",\"username\":\"owl_x\"}}")));

    AuthorizeLink link = accounts.authorize(user, SocialPlatform.X);
    Map<String, String> q = query(link.url());
    assertThat(q)
        .containsEntry("client_id", "x-client")
        .containsEntry("code_challenge_method", "S256")
        .containsEntry("scope", "tweet.read tweet.write users.read media.write offline.access");

    ConnectedAccount a = accounts.complete(user, SocialPlatform.X, "code-x", link.state());

    assertPkce(q.get("code_challenge"), "/x/token");
    assertThat(a.account().platformUserId()).isEqualTo("2244994945");
    assertThat(a.account().username()).isEqualTo("owl_x");
    assertSealed(a.account().id(), "x-secret-at", "x-secret-rt", output);
  }

  @Test
  void linkedinReadsTheMemberFromOpenIdUserinfo(CapturedOutput output) {
    stubLinkedIn(
        "AQ-secret-li",
        "{\"access_token\":\"AQ-secret-li\",\"expires_in\":5183999,\"refresh_token\":\"AQ-refresh-li\",\"refresh_token_expires_in\":31535999,\"scope\":\"openid,profile,w_member_social\"}");

    AuthorizeLink link = accounts.authorize(user, SocialPlatform.LINKEDIN);
    assertThat(query(link.url()))
        .containsEntry("client_id", "linkedin-client")
        .containsEntry("scope", "openid profile w_member_social r_member_postAnalytics")
        .doesNotContainKey("code_challenge");
    ConnectedAccount a = accounts.complete(user, SocialPlatform.LINKEDIN, "code-li", link.state());

    assertThat(a.account().platformUserId()).isEqualTo("782bbtaQ");
    assertThat(a.account().username()).isEqualTo("Owl Li");
    assertSealed(a.account().id(), "AQ-secret-li", "AQ-refresh-li", output);
  }

  @Test
  void instagramExchangesForALongLivedTokenAndFindsTheBusinessAccount(CapturedOutput output) {
    stubMeta(
        "instagram",
        "{\"data\":[{\"id\":\"pg0\",\"name\":\"No IG\"},{\"id\":\"pg1\",\"name\":\"Owl Page\","
            + "\"instagram_business_account\":{\"id\":\"17841400000\",\"username\":\"owl.ig\"}}]}");

    AuthorizeLink link = accounts.authorize(user, SocialPlatform.INSTAGRAM);
    assertThat(query(link.url())).containsEntry("client_id", "instagram-client");
    ConnectedAccount a =
        accounts.complete(user, SocialPlatform.INSTAGRAM, "code-meta", link.state());

    assertThat(a.account().platformUserId()).isEqualTo("17841400000");
    assertThat(a.account().username()).isEqualTo("owl.ig");
    assertThat(a.account().channelName()).isEqualTo("Owl Page");
    assertThat(a.hasRefreshToken()).isFalse();
    assertThat(accounts.accessToken(a.account().id())).isEqualTo("EAA-long-lived-instagram");
    assertSealed(a.account().id(), "EAA-long-lived-instagram", null, output);
    stub.verify(
        getRequestedFor(urlPathEqualTo("/instagram/token"))
            .withQueryParam("grant_type", equalTo("fb_exchange_token"))
            .withQueryParam("fb_exchange_token", equalTo("short-lived-instagram"))
            .withQueryParam("client_secret", equalTo("instagram-secret")));
  }

  @Test
  void facebookConnectsThePageTheUserManages(CapturedOutput output) {
    stubMeta("facebook", "{\"data\":[{\"id\":\"1234567\",\"name\":\"Owl Page\"}]}");

    AuthorizeLink link = accounts.authorize(user, SocialPlatform.FACEBOOK);
    ConnectedAccount a =
        accounts.complete(user, SocialPlatform.FACEBOOK, "code-meta", link.state());

    assertThat(a.account().platformUserId()).isEqualTo("1234567");
    assertThat(a.account().channelName()).isEqualTo("Owl Page");
    assertSealed(a.account().id(), "EAA-long-lived-facebook", null, output);
  }

  @Test
  void reconnectingKeepsTheRefreshTokenThePlatformDidNotSendAgain() {
    stubLinkedIn(
        "AQ-first",
        "{\"access_token\":\"AQ-first\",\"expires_in\":100,\"refresh_token\":\"AQ-kept-refresh\"}");
    ConnectedAccount first = connect(SocialPlatform.LINKEDIN, "code-li");
    stubLinkedIn("AQ-second", "{\"access_token\":\"AQ-second\",\"expires_in\":5183999}");

    ConnectedAccount again = connect(SocialPlatform.LINKEDIN, "code-li");

    assertThat(again.account().id()).isEqualTo(first.account().id());
    assertThat(again.hasRefreshToken()).isTrue();
    assertThat(accounts.count(user)).isEqualTo(1);
    // The kept refresh token is the one the next refresh sends.
    expire(first.account().id());
    stub.stubFor(
        post(urlPathEqualTo("/linkedin/token"))
            .withFormParam("grant_type", equalTo("refresh_token"))
            .withFormParam("refresh_token", equalTo("AQ-kept-refresh"))
            .willReturn(okJson("{\"access_token\":\"AQ-third\",\"expires_in\":5183999}")));
    assertThat(accounts.accessToken(first.account().id())).isEqualTo("AQ-third");
  }

  @Test
  void aTokenThePlatformRefusedIsRefreshedForRealEvenBeforeItsStoredExpiry() {
    UUID id = connectX("x-rt-1");
    String refused = accounts.accessToken(id); // valid for two hours by its expiry
    stub.stubFor(
        post(urlPathEqualTo("/x/token"))
            .withFormParam("grant_type", equalTo("refresh_token"))
            .withFormParam("refresh_token", equalTo("x-rt-1"))
            .willReturn(
                okJson(
                    "{\"expires_in\":7200,\"access_token\":\"x-at-forced\",\"refresh_token\":\"x-rt-2\"}")));

    assertThat(refused).isEqualTo("x-at-old");
    assertThat(accounts.refreshedAccessToken(id, refused)).isEqualTo("x-at-forced");
    // a second worker refused the same old token: it gets the new one, no second refresh
    assertThat(accounts.refreshedAccessToken(id, refused)).isEqualTo("x-at-forced");

    stub.verify(
        1,
        postRequestedFor(urlPathEqualTo("/x/token"))
            .withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.containing(
                    "grant_type=refresh_token")));
    assertThat(accounts.accessToken(id)).isEqualTo("x-at-forced");
  }

  @Test
  void anExpiringTokenIsRefreshedThroughTheTokenEndpointAndItsExpiresInIsRead() {
    UUID id = connectX("x-rt-1");
    expire(id);
    stub.stubFor(
        post(urlPathEqualTo("/x/token"))
            .withFormParam("grant_type", equalTo("refresh_token"))
            .withFormParam("refresh_token", equalTo("x-rt-1"))
            .willReturn(
                okJson(
                    "{\"token_type\":\"bearer\",\"expires_in\":1234,\"access_token\":\"x-at-2\",\"refresh_token\":\"x-rt-2\"}")));

    assertThat(accounts.accessToken(id)).isEqualTo("x-at-2");
    assertThat(accounts.accessToken(id)).isEqualTo("x-at-2"); // valid now: no second refresh

    stub.verify(
        1,
        postRequestedFor(urlPathEqualTo("/x/token"))
            .withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.containing(
                    "grant_type=refresh_token")));
    Instant expires = accounts.accounts(user, 0, 10).get(0).tokenExpiresAt();
    assertThat(expires).isBetween(Instant.now().plusSeconds(1200), Instant.now().plusSeconds(1240));
    // The rotated refresh token is the one stored.
    expire(id);
    stub.stubFor(
        post(urlPathEqualTo("/x/token"))
            .withFormParam("refresh_token", equalTo("x-rt-2"))
            .willReturn(
                okJson(
                    "{\"expires_in\":7200,\"access_token\":\"x-at-3\",\"refresh_token\":\"x-rt-3\"}")));
    assertThat(accounts.accessToken(id)).isEqualTo("x-at-3");
  }

  @Test
  void aRefusedRefreshMarksTheAccountAsNeedingReconnection(CapturedOutput output) {
    UUID id = connectX("x-rt-revoked");
    expire(id);
    stub.stubFor(
        post(urlPathEqualTo("/x/token"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":\"invalid_request\",\"error_description\":\"Value passed for the token was invalid.\"}")));

    assertThatThrownBy(() -> accounts.accessToken(id))
        .isInstanceOf(AccountNeedsReconnect.class)
        .hasMessageContaining("owl_x needs to be connected again")
        .hasMessageContaining(
            "HTTP 400 (invalid_request: Value passed for the token was invalid.)");
    ConnectedAccount a = accounts.accounts(user, 0, 10).get(0);
    assertThat(a.needsReconnect()).isTrue();
    assertThat(a.account().active()).isFalse();
    assertThat(a.lastError()).contains("invalid_request");
    assertThat(accounts.list(user)).hasSize(1);
    assertThat(output.getAll()).doesNotContain("x-rt-revoked").doesNotContain("x-at-old");
    // Later calls do not hammer the platform with a dead token.
    assertThatThrownBy(() -> accounts.accessToken(id)).isInstanceOf(AccountNeedsReconnect.class);
    stub.verify(
        1,
        postRequestedFor(urlPathEqualTo("/x/token"))
            .withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.containing(
                    "grant_type=refresh_token")));
  }

  @Test
  void aPlatformOutageDuringRefreshLeavesTheAccountConnected() {
    UUID id = connectX("x-rt-1");
    expire(id);
    stub.stubFor(post(urlPathEqualTo("/x/token")).willReturn(aResponse().withStatus(503)));

    assertThatThrownBy(() -> accounts.accessToken(id))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("X token refresh failed: HTTP 503");
    assertThat(accounts.accounts(user, 0, 10).get(0).needsReconnect()).isFalse();
  }

  @Test
  void metaRenewsItsLongLivedTokenByExchangingIt() {
    stubMeta("facebook", "{\"data\":[{\"id\":\"1234567\",\"name\":\"Owl Page\"}]}");
    UUID id = connect(SocialPlatform.FACEBOOK, "code-meta").account().id();
    expire(id);
    stub.stubFor(
        get(urlPathEqualTo("/facebook/token"))
            .withQueryParam("grant_type", equalTo("fb_exchange_token"))
            .withQueryParam("fb_exchange_token", equalTo("EAA-long-lived-facebook"))
            .willReturn(
                okJson(
                    "{\"access_token\":\"EAA-renewed\",\"token_type\":\"bearer\",\"expires_in\":5184000}")));

    List<String> report = accounts.refreshDue(Duration.ofMinutes(60));

    assertThat(report)
        .anyMatch(l -> l.startsWith("facebook account Owl Page: refreshed, valid for 5184000 s"));
    assertThat(accounts.accessToken(id)).isEqualTo("EAA-renewed");
  }

  @Test
  void theRefreshJobReportsEachDueAccountWithoutSecrets() {
    UUID good = connectX("x-rt-good");
    expire(good);
    stub.stubFor(
        post(urlPathEqualTo("/x/token"))
            .withFormParam("refresh_token", equalTo("x-rt-good"))
            .willReturn(okJson("{\"expires_in\":7200,\"access_token\":\"x-at-new\"}")));

    List<String> report = accounts.refreshDue(Duration.ofMinutes(60));

    assertThat(report).anyMatch(l -> l.equals("x account owl_x: refreshed, valid for 7200 s"));
    assertThat(String.join("\n", report)).doesNotContain("x-rt-good").doesNotContain("x-at-new");
    // No refresh token came back: the old one is kept for the next refresh.
    assertThat(accounts.accounts(user, 0, 10).get(0).hasRefreshToken()).isTrue();
  }

  @Test
  void aStateIsUsedOnceAndOnlyByItsUserForItsPlatform() {
    AuthorizeLink link = accounts.authorize(user, SocialPlatform.X);
    UUID other = SocialFixtures.newUser();

    assertThatThrownBy(() -> accounts.complete(other, SocialPlatform.X, "c", link.state()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown or already used state");
    AuthorizeLink second = accounts.authorize(user, SocialPlatform.X);
    assertThatThrownBy(() -> accounts.complete(user, SocialPlatform.TIKTOK, "c", second.state()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("issued for x, not tiktok");
    assertThatThrownBy(() -> accounts.complete(user, SocialPlatform.X, "c", "forged"))
        .isInstanceOf(IllegalArgumentException.class);
    stub.verify(0, postRequestedFor(urlPathEqualTo("/x/token")));
  }

  @Test
  void aRefusedCodeSaysWhatThePlatformSaidAndStoresNothing() {
    stub.stubFor(
        post(urlPathEqualTo("/youtube/token"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":\"invalid_grant\",\"error_description\":\"Bad Request\"}")));
    AuthorizeLink link = accounts.authorize(user, SocialPlatform.YOUTUBE);

    assertThatThrownBy(() -> accounts.complete(user, SocialPlatform.YOUTUBE, "stale", link.state()))
        .isInstanceOf(ConnectionFailed.class)
        .hasMessage("YouTube token exchange failed: HTTP 400 (invalid_grant: Bad Request)");
    assertThat(accounts.count(user)).isZero();
  }

  @Test
  void anUnconfiguredPlatformIsRefusedBeforeAnythingIsStored() {
    JdbcSocialAccounts bare =
        SocialFixtures.accounts(
            io.renderowl.infra.config.RenderowlSettings.from(k -> null).social());

    assertThatThrownBy(() -> bare.authorize(user, SocialPlatform.TIKTOK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("TikTok is not configured: set TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET");
  }

  @Test
  void disconnectingWipesTheTokensAndOnlyTheOwnerMayDoIt() {
    UUID id = connectX("x-rt-1");

    assertThat(accounts.disconnect(SocialFixtures.newUser(), id)).isFalse();
    assertThat(accounts.disconnect(user, id)).isTrue();

    assertThat(accounts.list(user)).isEmpty();
    assertThat(accounts.find(user, id)).isEmpty();
    assertThat(
            jdbc.sql(
                    "SELECT access_token || coalesce(refresh_token, '') FROM social_accounts WHERE id = :id")
                .param("id", id)
                .query(String.class)
                .single())
        .isEmpty();
    assertThatThrownBy(() -> accounts.accessToken(id)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void plainTextTokensFromBeforeAreSealedOnStartUp() {
    UUID id =
        jdbc.sql(
                "INSERT INTO social_accounts (user_id, platform, username, access_token, refresh_token)"
                    + " VALUES (:u, 'youtube', 'old', 'plain-at', 'plain-rt') RETURNING id")
            .param("u", user)
            .query(UUID.class)
            .single();

    assertThat(accounts.resealStoredTokens()).isPositive();

    assertThat(stored(id)).doesNotContain("plain-at").doesNotContain("plain-rt");
    assertThat(accounts.accessToken(id)).isEqualTo("plain-at");
  }

  @Test
  void anAccountSealedWithAnUnknownKeyDoesNotStopStartUpAndSaysWhichKeyIsMissing() {
    UUID id =
        jdbc.sql(
                "INSERT INTO social_accounts (user_id, platform, username, access_token, token_key_id)"
                    + " VALUES (:u, 'x', 'lost', 'c2VhbGVk', 'retired-key') RETURNING id")
            .param("u", user)
            .query(UUID.class)
            .single();

    accounts.resealStoredTokens();

    assertThatThrownBy(() -> accounts.accessToken(id))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("sealed with key 'retired-key', which is not configured");
  }

  // ---- helpers ----

  private ConnectedAccount connect(SocialPlatform p, String code) {
    AuthorizeLink link = accounts.authorize(user, p);
    return accounts.complete(user, p, code, link.state());
  }

  private UUID connectX(String refreshToken) {
    stub.stubFor(
        post(urlPathEqualTo("/x/token"))
            .withFormParam("grant_type", equalTo("authorization_code"))
            .willReturn(
                okJson(
                    "{\"token_type\":\"bearer\",\"expires_in\":7200,\"access_token\":\"x-at-old\",\"refresh_token\":\""
                        + refreshToken
                        + "\"}")));
    stub.stubFor(
        get(urlPathEqualTo("/x/api/2/users/me"))
            .willReturn(
                okJson(
                    "{\"data\":{\"id\":\"2244994945\",\"name\":\"Owl\",\"username\":\"owl_x\"}}")));
    return connect(SocialPlatform.X, "code-x").account().id();
  }

  private void stubLinkedIn(String accessToken, String tokenAnswer) {
    stub.stubFor(
        post(urlPathEqualTo("/linkedin/token"))
            .withFormParam("grant_type", equalTo("authorization_code"))
            .withFormParam("code", equalTo("code-li"))
            .withFormParam("client_id", equalTo("linkedin-client"))
            .withFormParam("client_secret", equalTo("linkedin-secret"))
            .withFormParam("redirect_uri", equalTo(REDIRECT + "linkedin"))
            .willReturn(okJson(tokenAnswer)));
    stub.stubFor(
        get(urlPathEqualTo("/linkedin/api/v2/userinfo"))
            .withHeader("Authorization", equalTo("Bearer " + accessToken))
            .willReturn(okJson("{\"sub\":\"782bbtaQ\",\"name\":\"Owl Li\",\"locale\":\"en-US\"}")));
  }

  private void stubMeta(String platform, String accounts) {
    stub.stubFor(
        get(urlPathEqualTo("/" + platform + "/token"))
            .withQueryParam("client_id", equalTo(platform + "-client"))
            .withQueryParam("client_secret", equalTo(platform + "-secret"))
            .withQueryParam("redirect_uri", equalTo(REDIRECT + platform))
            .withQueryParam("code", equalTo("code-meta"))
            .willReturn(
                okJson(
                    "{\"access_token\":\"short-lived-"
                        + platform
                        + "\",\"token_type\":\"bearer\",\"expires_in\":5183944}")));
    stub.stubFor(
        get(urlPathEqualTo("/" + platform + "/token"))
            .withQueryParam("grant_type", equalTo("fb_exchange_token"))
            .withQueryParam("fb_exchange_token", equalTo("short-lived-" + platform))
            .willReturn(
                okJson(
                    "{\"access_token\":\"EAA-long-lived-"
                        + platform
                        + "\",\"token_type\":\"bearer\",\"expires_in\":5184000}")));
    stub.stubFor(
        get(urlPathEqualTo("/" + platform + "/api/me/accounts"))
            .withHeader("Authorization", equalTo("Bearer EAA-long-lived-" + platform))
            .willReturn(okJson(accounts)));
  }

  private void assertPkce(String challenge, String tokenPath) throws Exception {
    List<LoggedRequest> sent = stub.findAll(postRequestedFor(urlPathEqualTo(tokenPath)));
    assertThat(sent).hasSize(1);
    String verifier = query("?" + sent.get(0).getBodyAsString()).get("code_verifier");
    assertThat(verifier).matches("[A-Za-z0-9_-]{43,128}");
    byte[] digest =
        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
    assertThat(challenge).isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
  }

  private void assertSealed(UUID id, String access, String refresh, CapturedOutput output) {
    String row = stored(id);
    assertThat(row).doesNotContain(access);
    if (refresh != null) {
      assertThat(row).doesNotContain(refresh);
    }
    assertThat(
            jdbc.sql("SELECT token_key_id FROM social_accounts WHERE id = :id")
                .param("id", id)
                .query(String.class)
                .single())
        .isEqualTo("test-key");
    assertThat(output.getAll()).doesNotContain(access);
    if (refresh != null) {
      assertThat(output.getAll()).doesNotContain(refresh);
    }
  }

  private static String stored(UUID id) {
    return jdbc.sql("SELECT row_to_json(s)::text FROM social_accounts s WHERE id = :id")
        .param("id", id)
        .query(String.class)
        .single();
  }

  private static void expire(UUID id) {
    jdbc.sql("UPDATE social_accounts SET token_expires_at = :t WHERE id = :id")
        .param("t", Timestamp.from(Instant.now().plusSeconds(10)))
        .param("id", id)
        .update();
  }

  private static Map<String, String> query(String url) {
    String raw =
        url.contains("?") ? url.substring(url.indexOf('?') + 1) : URI.create(url).getRawQuery();
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      out.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }
}
