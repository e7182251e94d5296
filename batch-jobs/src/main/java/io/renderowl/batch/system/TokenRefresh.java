package io.renderowl.batch.system;

import io.renderowl.infra.json.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Refreshes social accounts' OAuth access tokens before they expire: the refresh-token grant of RFC
 * 6749 section 6 (form POST {@code grant_type=refresh_token}) against the platform's token endpoint
 * from RENDEROWL_OAUTH_TOKEN_URLS. Tokens are never written to the report.
 */
final class TokenRefresh implements SystemJobRunner.Task {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private final JdbcClient jdbc;
  private final Map<String, String> tokenUrls;
  private final String clientId;
  private final String clientSecret;
  private final Duration ahead;

  TokenRefresh(
      DataSource dataSource,
      Map<String, String> tokenUrls,
      String clientId,
      String clientSecret,
      Duration ahead) {
    this.jdbc = JdbcClient.create(dataSource);
    this.tokenUrls = Map.copyOf(tokenUrls);
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.ahead = ahead;
  }

  record Account(
      UUID id, String platform, String username, String refreshToken, Instant expiresAt) {}

  @Override
  public void run(List<String> report) throws Exception {
    List<Account> due =
        jdbc.sql(
                """
                SELECT id, platform, username, refresh_token, token_expires_at FROM social_accounts
                WHERE COALESCE(is_active, true) AND refresh_token IS NOT NULL
                  AND token_expires_at IS NOT NULL AND token_expires_at < :before ORDER BY token_expires_at
                """)
            .param("before", Timestamp.from(Instant.now().plus(ahead)))
            .query((rs, n) ->
                new Account(
                    rs.getObject(1, UUID.class),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getTimestamp(5).toInstant()))
            .list();
    if (tokenUrls.isEmpty()) {
      report.add(
          "nothing to do: no OAuth token endpoint configured (RENDEROWL_OAUTH_TOKEN_URLS); "
              + due.size()
              + " account(s) expire within "
              + ahead.toMinutes()
              + " min");
      return;
    }
    if (due.isEmpty()) {
      report.add("nothing to do: no account's token expires within " + ahead.toMinutes() + " min");
      return;
    }
    int refreshed = 0;
    for (Account a : due) {
      String url = tokenUrls.get(a.platform());
      String who = a.platform() + " account " + (a.username() == null ? a.id() : a.username());
      if (url == null) {
        report.add(who + ": skipped, no token endpoint for " + a.platform());
        continue;
      }
      String form =
          "grant_type=refresh_token&refresh_token="
              + enc(a.refreshToken())
              + (clientId.isBlank() ? "" : "&client_id=" + enc(clientId))
              + (clientSecret.isBlank() ? "" : "&client_secret=" + enc(clientSecret));
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(url))
                  .timeout(Duration.ofSeconds(20))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .header("Accept", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(form))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode body =
          r.body() == null || r.body().isBlank()
              ? Json.MAPPER.createObjectNode()
              : Json.MAPPER.readTree(r.body());
      if (r.statusCode() / 100 != 2 || !body.path("access_token").isString()) {
        String error =
            body.path("error").isString()
                ? body.path("error").stringValue()
                : "no access_token in the answer";
        report.add(who + ": refresh FAILED (HTTP " + r.statusCode() + ", " + error + ")");
        continue;
      }
      long expiresIn =
          body.path("expires_in").canConvertToLong() ? body.path("expires_in").longValue() : 3600;
      String newRefresh =
          body.path("refresh_token").isString()
              ? body.path("refresh_token").stringValue()
              : a.refreshToken();
      jdbc.sql(
              "UPDATE social_accounts SET access_token = :t, refresh_token = :r, token_expires_at = :e WHERE id = :id")
          .param("t", body.path("access_token").stringValue())
          .param("r", newRefresh)
          .param("e", Timestamp.from(Instant.now().plusSeconds(expiresIn)))
          .param("id", a.id())
          .update();
      refreshed++;
      report.add(who + ": refreshed, valid for " + expiresIn + " s");
    }
    report.add(refreshed + " of " + due.size() + " due token(s) refreshed");
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
