package io.renderowl.infra.social.internal;

import io.renderowl.infra.config.SocialSettings;
import io.renderowl.infra.social.SocialAccounts;
import io.renderowl.infra.social.SocialConnections;
import io.renderowl.infra.social.SocialPlatform;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Connected accounts in {@code social_accounts}, tokens sealed by {@link TokenCipher}, connected
 * and refreshed through {@link OAuthClient}. A refresh holds the account's row lock, so two workers
 * never spend the same (rotating) refresh token twice.
 */
public final class JdbcSocialAccounts implements SocialAccounts, SocialConnections {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcSocialAccounts.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration MIN_VALIDITY = Duration.ofMinutes(1);
  private static final String COLUMNS =
      "id, user_id, platform, platform_user_id, username, channel_name, access_token, refresh_token,"
          + " token_key_id, token_expires_at, COALESCE(is_active, true) AS active, needs_reconnect,"
          + " last_error, scopes, connected_at";

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final TokenCipher cipher;
  private final OAuthClient oauth;
  private final SocialSettings settings;
  private final Clock clock;

  JdbcSocialAccounts(
      DataSource dataSource,
      TokenCipher cipher,
      OAuthClient oauth,
      SocialSettings settings,
      Clock clock) {
    this.jdbc = JdbcClient.create(dataSource);
    // Its own transaction whatever the caller runs in (a batch step, a request): a refresh and
    // the mark of a refused account commit even when the caller's work rolls back.
    this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.cipher = cipher;
    this.oauth = oauth;
    this.settings = settings;
    this.clock = clock;
  }

  /** The accounts over the settings' platforms, with HTTP calls bounded by {@code timeout}. */
  public static JdbcSocialAccounts create(
      DataSource dataSource, TokenCipher cipher, SocialSettings settings, Duration timeout) {
    return new JdbcSocialAccounts(
        dataSource,
        cipher,
        new OAuthClient(settings, new PlatformHttp(timeout)),
        settings,
        Clock.systemUTC());
  }

  private record Row(
      UUID id,
      UUID userId,
      String platform,
      @Nullable String platformUserId,
      @Nullable String username,
      @Nullable String channelName,
      String access,
      @Nullable String refresh,
      @Nullable String keyId,
      @Nullable Instant expiresAt,
      boolean active,
      boolean needsReconnect,
      @Nullable String lastError,
      @Nullable String scopes,
      @Nullable Instant connectedAt) {

    SocialAccount account() {
      return new SocialAccount(
          id, userId, platform, platformUserId, username, channelName, active && !needsReconnect);
    }

    String who() {
      return platform + " account " + (username == null || username.isBlank() ? id : username);
    }

    @Override
    public String toString() {
      return "Row[" + who() + "]";
    }
  }

  private static Row row(ResultSet rs, int n) throws SQLException {
    Timestamp expires = rs.getTimestamp("token_expires_at");
    Timestamp connected = rs.getTimestamp("connected_at");
    return new Row(
        rs.getObject("id", UUID.class),
        rs.getObject("user_id", UUID.class),
        rs.getString("platform"),
        rs.getString("platform_user_id"),
        rs.getString("username"),
        rs.getString("channel_name"),
        rs.getString("access_token"),
        rs.getString("refresh_token"),
        rs.getString("token_key_id"),
        expires == null ? null : expires.toInstant(),
        rs.getBoolean("active"),
        rs.getBoolean("needs_reconnect"),
        rs.getString("last_error"),
        rs.getString("scopes"),
        connected == null ? null : connected.toInstant());
  }

  // ---- SocialAccounts: what the publishers read ----

  @Override
  public Optional<SocialAccount> find(UUID userId, UUID accountId) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM social_accounts WHERE id = :id AND user_id = :u"
                + " AND COALESCE(is_active, true)")
        .param("id", accountId)
        .param("u", userId)
        .query(JdbcSocialAccounts::row)
        .optional()
        .map(Row::account);
  }

  @Override
  public List<SocialAccount> list(UUID userId) {
    return activeRows(userId, 0, Integer.MAX_VALUE).stream().map(Row::account).toList();
  }

  @Override
  public String accessToken(UUID accountId) {
    Row r = load(accountId);
    if (r.needsReconnect()) {
      throw needsReconnect(r);
    }
    if (r.expiresAt() == null || r.expiresAt().isAfter(clock.instant().plus(MIN_VALIDITY))) {
      return open(r.access(), r);
    }
    return refresh(accountId, MIN_VALIDITY, false, null).accessToken();
  }

  // ---- SocialConnections: connecting and refreshing ----

  @Override
  public AuthorizeLink authorize(UUID userId, SocialPlatform platform) {
    oauth.client(platform); // refuses an unconfigured platform before anything is stored
    String state = random(32);
    String verifier = platform.pkce() ? random(64) : null;
    Instant expires = clock.instant().plus(Duration.ofMinutes(settings.stateMinutes()));
    jdbc.sql("DELETE FROM oauth_states WHERE expires_at < :now")
        .param("now", Timestamp.from(clock.instant()))
        .update();
    jdbc.sql(
            "INSERT INTO oauth_states (state, user_id, platform, code_verifier, key_id, redirect_uri, expires_at)"
                + " VALUES (:s, :u, :p, :v, :k, :r, :e)")
        .param("s", state)
        .param("u", userId)
        .param("p", platform.id())
        .param("v", verifier == null ? null : cipher.seal(verifier, state))
        .param("k", cipher.currentKeyId())
        .param("r", settings.redirectUri(platform))
        .param("e", Timestamp.from(expires))
        .update();
    return new AuthorizeLink(
        platform, oauth.authorizeUrl(platform, state, verifier), state, expires);
  }

  private record PendingState(
      UUID userId, String platform, @Nullable String verifier, String keyId, Instant expiresAt) {}

  @Override
  public ConnectedAccount complete(
      UUID userId, SocialPlatform platform, String code, String state) {
    if (code == null || code.isBlank()) {
      throw new IllegalArgumentException(
          "code is missing: paste the URL the platform sent you back to, or its code");
    }
    if (state == null || state.isBlank()) {
      throw new IllegalArgumentException("state is missing: it comes back with the code");
    }
    PendingState pending =
        jdbc.sql(
                "DELETE FROM oauth_states WHERE state = :s"
                    + " RETURNING user_id, platform, code_verifier, key_id, expires_at")
            .param("s", state.strip())
            .query((rs, n) ->
                new PendingState(
                    rs.getObject(1, UUID.class),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getTimestamp(5).toInstant()))
            .optional()
            .filter(p -> p.userId().equals(userId))
            .orElseThrow(() ->
                new IllegalArgumentException(
                    "unknown or already used state: start the connection again"));
    if (!pending.platform().equals(platform.id())) {
      throw new IllegalArgumentException(
          "the state was issued for " + pending.platform() + ", not " + platform.id());
    }
    if (pending.expiresAt().isBefore(clock.instant())) {
      throw new IllegalArgumentException(
          "the authorization expired (it is valid for "
              + settings.stateMinutes()
              + " min): start the connection again");
    }
    String verifier =
        pending.verifier() == null
            ? null
            : cipher.open(pending.verifier(), pending.keyId(), state.strip());
    OAuthClient.Tokens tokens;
    OAuthClient.Identity who;
    try {
      tokens = oauth.exchange(platform, code.strip(), verifier);
      who = oauth.identity(platform, tokens.accessToken());
    } catch (PlatformHttp.Refused | PlatformHttp.Unavailable e) {
      throw new ConnectionFailed(e.getMessage());
    }
    if (who.platformUserId().isBlank()) {
      throw new ConnectionFailed(platform.label() + " did not say who the account is");
    }
    UUID id = tx.execute(status -> store(userId, platform, tokens, who));
    LOG.info("connected {} account {} for user {}", platform.id(), who.username(), userId);
    return connected(load(id));
  }

  private UUID store(
      UUID userId, SocialPlatform platform, OAuthClient.Tokens tokens, OAuthClient.Identity who) {
    Optional<Row> existing =
        jdbc.sql(
                "SELECT "
                    + COLUMNS
                    + " FROM social_accounts WHERE user_id = :u AND platform = :p"
                    + " AND platform_user_id = :pu FOR UPDATE")
            .param("u", userId)
            .param("p", platform.id())
            .param("pu", who.platformUserId())
            .query(JdbcSocialAccounts::row)
            .optional();
    UUID id = existing.map(Row::id).orElseGet(UUID::randomUUID);
    // Reconnecting never loses a refresh token the platform did not send again.
    String refresh =
        tokens.refreshToken() != null
            ? tokens.refreshToken()
            : existing
                .filter(r -> r.refresh() != null && !r.refresh().isEmpty())
                .map(r -> open(r.refresh(), r))
                .orElse(null);
    Timestamp expires = expiry(tokens.expiresIn());
    String sealedAccess = cipher.seal(tokens.accessToken(), id.toString());
    String sealedRefresh = refresh == null ? null : cipher.seal(refresh, id.toString());
    if (existing.isPresent()) {
      jdbc.sql(
              """
              UPDATE social_accounts SET access_token = :a, refresh_token = :r, token_key_id = :k,
                token_expires_at = :e, username = :n, channel_name = :c, scopes = :s, is_active = true,
                needs_reconnect = false, last_error = NULL, updated_at = NOW()
              WHERE id = :id
              """)
          .param("a", sealedAccess)
          .param("r", sealedRefresh)
          .param("k", cipher.currentKeyId())
          .param("e", expires)
          .param("n", who.username())
          .param("c", who.channelName())
          .param("s", tokens.scope())
          .param("id", id)
          .update();
    } else {
      jdbc.sql(
              """
              INSERT INTO social_accounts (id, user_id, platform, platform_user_id, username,
                channel_name, access_token, refresh_token, token_key_id, token_expires_at, scopes)
              VALUES (:id, :u, :p, :pu, :n, :c, :a, :r, :k, :e, :s)
              """)
          .param("id", id)
          .param("u", userId)
          .param("p", platform.id())
          .param("pu", who.platformUserId())
          .param("n", who.username())
          .param("c", who.channelName())
          .param("a", sealedAccess)
          .param("r", sealedRefresh)
          .param("k", cipher.currentKeyId())
          .param("e", expires)
          .param("s", tokens.scope())
          .update();
    }
    return id;
  }

  @Override
  public boolean disconnect(UUID userId, UUID accountId) {
    return jdbc.sql(
                """
                UPDATE social_accounts SET is_active = false, access_token = '', refresh_token = NULL,
                  token_expires_at = NULL, needs_reconnect = false, updated_at = NOW()
                WHERE id = :id AND user_id = :u AND COALESCE(is_active, true)
                """)
            .param("id", accountId)
            .param("u", userId)
            .update()
        == 1;
  }

  @Override
  public List<ConnectedAccount> accounts(UUID userId, int offset, int limit) {
    return activeRows(userId, offset, limit).stream().map(JdbcSocialAccounts::connected).toList();
  }

  @Override
  public long count(UUID userId) {
    return jdbc.sql(
            "SELECT count(*) FROM social_accounts WHERE user_id = :u AND COALESCE(is_active, true)")
        .param("u", userId)
        .query(Long.class)
        .single();
  }

  @Override
  public List<String> refreshDue(Duration ahead) {
    List<Row> due =
        jdbc.sql(
                "SELECT "
                    + COLUMNS
                    + " FROM social_accounts WHERE COALESCE(is_active, true)"
                    + " AND NOT needs_reconnect AND token_expires_at IS NOT NULL"
                    + " AND token_expires_at < :before"
                    + " AND (refresh_token IS NOT NULL OR platform IN ('instagram', 'facebook'))"
                    + " ORDER BY token_expires_at")
            .param("before", Timestamp.from(clock.instant().plus(ahead)))
            .query(JdbcSocialAccounts::row)
            .list();
    List<String> report = new ArrayList<>();
    if (due.isEmpty()) {
      report.add("nothing to do: no account's token expires within " + ahead.toMinutes() + " min");
      return report;
    }
    int refreshed = 0;
    for (Row r : due) {
      try {
        Refreshed done = refresh(r.id(), ahead, false, null);
        refreshed++;
        report.add(
            r.who()
                + ": refreshed"
                + (done.expiresIn() == null
                    ? " (no expiry given)"
                    : ", valid for " + done.expiresIn() + " s"));
      } catch (AccountNeedsReconnect e) {
        report.add(r.who() + ": refresh FAILED, needs reconnection (" + e.getMessage() + ")");
      } catch (IllegalArgumentException | IllegalStateException e) {
        report.add(r.who() + ": skipped (" + e.getMessage() + ")");
      }
    }
    report.add(refreshed + " of " + due.size() + " due token(s) refreshed");
    return report;
  }

  @Override
  public void refreshNow(UUID accountId) {
    refresh(accountId, MIN_VALIDITY, true, null);
  }

  @Override
  public String refreshedAccessToken(UUID accountId, String refused) {
    return refresh(accountId, MIN_VALIDITY, true, refused).accessToken();
  }

  private record Refreshed(String accessToken, @Nullable Long expiresIn) {
    @Override
    public String toString() {
      return "Refreshed[expiresIn=" + expiresIn + "]";
    }
  }

  /**
   * Refreshes under the row lock; a refusal is recorded (committed) and then thrown.
   *
   * @param refused the access token a platform just refused: when the stored one differs, another
   *     caller already replaced it and that one is returned without a second refresh
   */
  private Refreshed refresh(
      UUID accountId, Duration minValidity, boolean force, @Nullable String refused) {
    Object outcome =
        tx.execute(status -> {
          Row r =
              jdbc.sql("SELECT " + COLUMNS + " FROM social_accounts WHERE id = :id FOR UPDATE")
                  .param("id", accountId)
                  .query(JdbcSocialAccounts::row)
                  .optional()
                  .filter(Row::active)
                  .orElseThrow(() -> noAccount(accountId));
          if (r.needsReconnect()) {
            return needsReconnect(r);
          }
          if (refused != null && !open(r.access(), r).equals(refused)) {
            return new Refreshed(open(r.access(), r), null); // replaced since it was refused
          }
          if (!force
              && r.expiresAt() != null
              && r.expiresAt().isAfter(clock.instant().plus(minValidity))) {
            return new Refreshed(open(r.access(), r), null); // another worker just did it
          }
          SocialPlatform platform = SocialPlatform.of(r.platform());
          OAuthClient.Tokens tokens;
          try {
            tokens =
                oauth.refresh(
                    platform,
                    r.refresh() == null || r.refresh().isEmpty() ? null : open(r.refresh(), r),
                    open(r.access(), r));
          } catch (PlatformHttp.Refused e) {
            if (!refusesCredentials(e.status())) {
              throw new IllegalStateException(e.getMessage()); // 404, 429: not the account's fault
            }
            jdbc.sql(
                    "UPDATE social_accounts SET needs_reconnect = true, last_error = :m,"
                        + " updated_at = NOW() WHERE id = :id")
                .param("m", e.getMessage())
                .param("id", r.id())
                .update();
            LOG.warn("{} needs reconnection: {}", r.who(), e.getMessage());
            return new AccountNeedsReconnect(
                r.who() + " needs to be connected again: " + e.getMessage());
          } catch (PlatformHttp.Unavailable e) {
            throw new IllegalStateException(e.getMessage());
          }
          String id = r.id().toString();
          jdbc.sql(
                  """
                  UPDATE social_accounts SET access_token = :a, refresh_token = :r, token_key_id = :k,
                    token_expires_at = :e, last_error = NULL, updated_at = NOW()
                  WHERE id = :id
                  """)
              .param("a", cipher.seal(tokens.accessToken(), id))
              .param(
                  "r",
                  tokens.refreshToken() == null ? null : cipher.seal(tokens.refreshToken(), id))
              .param("k", cipher.currentKeyId())
              .param("e", expiry(tokens.expiresIn()))
              .param("id", r.id())
              .update();
          return new Refreshed(tokens.accessToken(), tokens.expiresIn());
        });
    if (outcome instanceof AccountNeedsReconnect e) {
      throw e;
    }
    return (Refreshed) java.util.Objects.requireNonNull(outcome);
  }

  /**
   * Seals tokens stored in plain text (rows written before encryption) and re-seals those of a
   * retired key with the current one.
   *
   * @return how many accounts were sealed again
   */
  public int resealStoredTokens() {
    List<Row> stale =
        jdbc.sql(
                "SELECT "
                    + COLUMNS
                    + " FROM social_accounts WHERE access_token <> ''"
                    + " AND (token_key_id IS NULL OR token_key_id <> :k)")
            .param("k", cipher.currentKeyId())
            .query(JdbcSocialAccounts::row)
            .list();
    int sealed = 0;
    for (Row r : stale) {
      String id = r.id().toString();
      String access;
      String refresh;
      try {
        access = open(r.access(), r);
        refresh = r.refresh() == null ? null : open(r.refresh(), r);
      } catch (IllegalStateException unknownKey) {
        // Start anyway: only this account is unusable until its key is configured again.
        LOG.warn("{}: {}", r.who(), unknownKey.getMessage());
        continue;
      }
      jdbc.sql(
              "UPDATE social_accounts SET access_token = :a, refresh_token = :r, token_key_id = :k"
                  + " WHERE id = :id")
          .param("a", cipher.seal(access, id))
          .param("r", refresh == null ? null : cipher.seal(refresh, id))
          .param("k", cipher.currentKeyId())
          .param("id", r.id())
          .update();
      sealed++;
    }
    if (sealed > 0) {
      LOG.info(
          "sealed the tokens of {} social account(s) with key {}", sealed, cipher.currentKeyId());
    }
    return sealed;
  }

  /**
   * RFC 6749 5.2: invalid_grant and friends come as 400, a bad client as 401; Meta uses 403 too.
   */
  private static boolean refusesCredentials(int status) {
    return status == 400 || status == 401 || status == 403;
  }

  private String open(String stored, Row r) {
    return r.keyId() == null ? stored : cipher.open(stored, r.keyId(), r.id().toString());
  }

  private List<Row> activeRows(UUID userId, int offset, int limit) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM social_accounts WHERE user_id = :u AND COALESCE(is_active, true)"
                + " ORDER BY connected_at, id LIMIT :l OFFSET :o")
        .param("u", userId)
        .param("l", limit)
        .param("o", offset)
        .query(JdbcSocialAccounts::row)
        .list();
  }

  private Row load(UUID accountId) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM social_accounts WHERE id = :id")
        .param("id", accountId)
        .query(JdbcSocialAccounts::row)
        .optional()
        .filter(Row::active)
        .orElseThrow(() -> noAccount(accountId));
  }

  private static IllegalArgumentException noAccount(UUID id) {
    return new IllegalArgumentException("no connected social account " + id);
  }

  private static AccountNeedsReconnect needsReconnect(Row r) {
    return new AccountNeedsReconnect(
        r.who()
            + " needs to be connected again"
            + (r.lastError() == null ? "" : ": " + r.lastError()));
  }

  private static ConnectedAccount connected(Row r) {
    return new ConnectedAccount(
        r.account(),
        r.connectedAt(),
        r.expiresAt(),
        r.refresh() != null && !r.refresh().isEmpty(),
        r.needsReconnect(),
        r.lastError(),
        r.scopes());
  }

  private @Nullable Timestamp expiry(@Nullable Long expiresIn) {
    return expiresIn == null ? null : Timestamp.from(clock.instant().plusSeconds(expiresIn));
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
