package io.renderowl.infra.users.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.renderowl.infra.persistence.CreditRepository;
import io.renderowl.infra.users.Account;
import io.renderowl.infra.users.Accounts;
import io.renderowl.infra.users.ApiKey;
import io.renderowl.infra.users.NewApiKey;
import io.renderowl.infra.users.Role;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Accounts and API keys in users and api_tokens. */
public final class JdbcAccounts implements Accounts {

  static final RowMapper<Account> ACCOUNT =
      (rs, n) ->
          new Account(
              rs.getObject("id", UUID.class),
              rs.getString("email"),
              rs.getString("name"),
              rs.getString("avatar_url"),
              Role.of(rs.getString("role")),
              rs.getString("password_hash") != null,
              instant(rs, "disabled_at"),
              requireInstant(rs, "created_at"));

  private static final RowMapper<ApiKey> KEY =
      (rs, n) ->
          new ApiKey(
              rs.getObject("id", UUID.class),
              rs.getString("name"),
              rs.getString("key_prefix") == null ? "(unknown)" : rs.getString("key_prefix"),
              requireInstant(rs, "created_at"),
              instant(rs, "last_used_at"),
              instant(rs, "revoked_at"));

  private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,190}\\.[^@\\s.]+");
  private static final int MIN_PASSWORD = 8;
  private static final int MAX_PASSWORD_BYTES = 72; // bcrypt reads no further
  private static final int PREFIX_LENGTH = ApiKey.KEY_PREFIX.length() + 6;

  /**
   * How long a verified API key is trusted without the database: every request signed with a key
   * otherwise wrote its {@code last_used_at} (a row lock and a WAL record per read). Revoking a
   * key, disabling a user or changing a role in this process forgets every cached key at once;
   * another API server trusts a revoked key for at most this long ({@code last_used_at} is as
   * coarse).
   */
  static final Duration KEY_CACHE_TTL = Duration.ofSeconds(5);

  private final Cache<String, Account> verifiedKeys =
      Caffeine.newBuilder().expireAfterWrite(KEY_CACHE_TTL).maximumSize(10_000).build();

  private final JdbcClient jdbc;
  private final PasswordEncoder passwords;

  /**
   * The hash a sign-in with an unknown email is checked against; made at the first such sign-in,
   * not at start-up, where one Argon2 hash cost every command about 0.2 s.
   */
  private volatile @Nullable String dummyHash;

  private final @Nullable CreditRepository credits;
  private final int signupGrant;

  /** Accounts that start with no credits. */
  public JdbcAccounts(DataSource dataSource, PasswordEncoder passwords) {
    this(dataSource, passwords, null, 0);
  }

  /**
   * @param credits the ledger the sign-up grant is written to
   * @param signupGrant credits each registered account is granted once (a 'grant' ledger row,
   *     RENDEROWL_CREDITS_SIGNUP_GRANT); 0 grants nothing
   */
  public JdbcAccounts(
      DataSource dataSource,
      PasswordEncoder passwords,
      @Nullable CreditRepository credits,
      int signupGrant) {
    if (signupGrant < 0) {
      throw new IllegalArgumentException("signupGrant must be >= 0, was " + signupGrant);
    }
    this.jdbc = JdbcClient.create(dataSource);
    this.passwords = passwords;
    this.credits = credits;
    this.signupGrant = signupGrant;
  }

  @Override
  public Optional<Account> find(UUID userId) {
    return jdbc.sql("SELECT * FROM users WHERE id = :id")
        .param("id", userId)
        .query(ACCOUNT)
        .optional();
  }

  @Override
  public Optional<Account> findByEmail(String email) {
    return jdbc.sql("SELECT * FROM users WHERE lower(email) = lower(:email)")
        .param("email", email.strip())
        .query(ACCOUNT)
        .optional();
  }

  @Override
  public Account register(String email, String password, @Nullable String name, Role role) {
    String normalized = checkedEmail(email);
    checkPassword(password);
    if (findByEmail(normalized).isPresent()) {
      throw new IllegalArgumentException("a user with email " + normalized + " already exists");
    }
    String hash = passwords.encode(password);
    String checkedName = name == null || name.isBlank() ? null : checkedName(name);
    CreditRepository ledger = credits;
    if (ledger == null || signupGrant == 0) {
      return insert(normalized, checkedName, role, hash);
    }
    // The account and its sign-up grant in one transaction: an account never exists without it.
    return ledger.inTransaction(() -> {
      Account account = insert(normalized, checkedName, role, hash);
      ledger.add(
          account.id(), "grant", signupGrant, "sign-up grant", "signup:" + account.id(), null);
      return account;
    });
  }

  private Account insert(String email, @Nullable String name, Role role, String hash) {
    return jdbc.sql(
            """
            INSERT INTO users (clerk_id, email, name, credits_balance, role, password_hash)
            VALUES (:clerkId, :email, :name, 0, :role, :hash)
            ON CONFLICT DO NOTHING
            RETURNING *
            """)
        .param("clerkId", "local:" + email)
        .param("email", email)
        .param("name", name)
        .param("role", role.value())
        .param("hash", hash)
        .query(ACCOUNT)
        .optional()
        .orElseThrow(
            () -> new IllegalArgumentException("a user with email " + email + " already exists"));
  }

  /** The active local account whose password this is. */
  Optional<Account> checkPassword(String email, String password) {
    record Row(Account account, String hash) {}
    Optional<Row> row =
        jdbc.sql(
                "SELECT * FROM users WHERE lower(email) = lower(:email) AND password_hash IS NOT NULL")
            .param("email", email.strip())
            .query((rs, n) -> new Row(ACCOUNT.mapRow(rs, n), rs.getString("password_hash")))
            .optional();
    if (row.isEmpty()) {
      // Spend the same time as a real check, so a reply's speed does not reveal which emails exist.
      passwords.matches(password, dummyHash());
      return Optional.empty();
    }
    boolean matches = passwords.matches(password, row.get().hash());
    if (!matches || !row.get().account().active()) {
      return Optional.empty();
    }
    if (passwords.upgradeEncoding(row.get().hash())) {
      // An older hash (bcrypt): now that the password is proven, store it hashed the current way,
      // only if it is still the hash checked (a password changed meanwhile stays changed).
      jdbc.sql(
              """
              UPDATE users SET password_hash = :hash, updated_at = NOW()
              WHERE id = :id AND password_hash = :old
              """)
          .param("hash", passwords.encode(password))
          .param("id", row.get().account().id())
          .param("old", row.get().hash())
          .update();
    }
    return Optional.of(row.get().account());
  }

  /**
   * The user of an external identity provider's subject, created on first sign-in with the email
   * claim; empty when that email already belongs to another user.
   */
  Optional<Account> external(String subject, String email) {
    Optional<Account> known =
        jdbc.sql("SELECT * FROM users WHERE clerk_id = :sub")
            .param("sub", subject)
            .query(ACCOUNT)
            .optional();
    if (known.isPresent()) {
      return known;
    }
    jdbc.sql(
            """
            INSERT INTO users (clerk_id, email, credits_balance) VALUES (:sub, :email, 0)
            ON CONFLICT DO NOTHING
            """)
        .param("sub", subject)
        .param("email", email.strip().toLowerCase(Locale.ROOT))
        .update();
    return jdbc.sql("SELECT * FROM users WHERE clerk_id = :sub")
        .param("sub", subject)
        .query(ACCOUNT)
        .optional();
  }

  @Override
  public List<Account> list() {
    return jdbc.sql("SELECT * FROM users ORDER BY created_at, email").query(ACCOUNT).list();
  }

  @Override
  public boolean disable(String email) {
    try {
      return disabled(email);
    } finally {
      verifiedKeys.invalidateAll();
    }
  }

  private boolean disabled(String email) {
    return jdbc.sql(
                """
                UPDATE users SET disabled_at = COALESCE(disabled_at, NOW()), updated_at = NOW()
                WHERE lower(email) = lower(:email)
                """)
            .param("email", email.strip())
            .update()
        == 1;
  }

  @Override
  public boolean changeRole(UUID userId, Role role) {
    try {
      return roleChanged(userId, role);
    } finally {
      verifiedKeys.invalidateAll();
    }
  }

  private boolean roleChanged(UUID userId, Role role) {
    return jdbc.sql("UPDATE users SET role = :role WHERE id = :id AND role <> :role")
                .param("role", role.value())
                .param("id", userId)
                .update()
            == 1
        || find(userId).isPresent();
  }

  @Override
  public Optional<Account> update(UUID userId, @Nullable String name, @Nullable String avatarUrl) {
    String checkedName = name == null ? null : checkedName(name);
    String checkedAvatar = avatarUrl == null ? null : checkedAvatar(avatarUrl);
    return jdbc.sql(
            """
            UPDATE users SET name = COALESCE(:name, name), avatar_url = COALESCE(:avatar, avatar_url),
                             updated_at = NOW()
            WHERE id = :id
            RETURNING *
            """)
        .param("name", checkedName)
        .param("avatar", checkedAvatar)
        .param("id", userId)
        .query(ACCOUNT)
        .optional();
  }

  @Override
  public NewApiKey createApiKey(UUID userId, String name) {
    String checked = checkedKeyName(name);
    String secret = Secrets.random(ApiKey.KEY_PREFIX);
    ApiKey key =
        jdbc.sql(
                """
                INSERT INTO api_tokens (user_id, name, token_sha256, key_prefix)
                VALUES (:userId, :name, :hash, :prefix)
                RETURNING *
                """)
            .param("userId", userId)
            .param("name", checked)
            .param("hash", Secrets.sha256Hex(secret))
            .param("prefix", secret.substring(0, PREFIX_LENGTH))
            .query(KEY)
            .single();
    return new NewApiKey(key, secret);
  }

  @Override
  public void registerApiKey(UUID userId, String name, String secret) {
    if (secret.isBlank()) {
      throw new IllegalArgumentException("an API key cannot be blank");
    }
    String hash = Secrets.sha256Hex(secret);
    jdbc.sql(
            """
            INSERT INTO api_tokens (user_id, name, token_sha256, key_prefix)
            VALUES (:userId, :name, :hash, :prefix)
            ON CONFLICT (token_sha256) DO NOTHING
            """)
        .param("userId", userId)
        .param("name", checkedKeyName(name))
        .param("hash", hash)
        .param("prefix", secret.substring(0, Math.min(PREFIX_LENGTH, secret.length())))
        .update();
    UUID owner =
        jdbc.sql("SELECT user_id FROM api_tokens WHERE token_sha256 = :hash")
            .param("hash", hash)
            .query(UUID.class)
            .single();
    if (!owner.equals(userId)) {
      throw new IllegalArgumentException("API key '" + name + "' belongs to another user");
    }
  }

  @Override
  public List<ApiKey> apiKeys(UUID userId, int offset, int limit) {
    return jdbc.sql(
            """
            SELECT * FROM api_tokens WHERE user_id = :userId
            ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset
            """)
        .param("userId", userId)
        .param("limit", limit)
        .param("offset", offset)
        .query(KEY)
        .list();
  }

  @Override
  public long countApiKeys(UUID userId) {
    return jdbc.sql("SELECT COUNT(*) FROM api_tokens WHERE user_id = :userId")
        .param("userId", userId)
        .query(Long.class)
        .single();
  }

  @Override
  public boolean revokeApiKey(UUID userId, UUID keyId) {
    try {
      return revoked(userId, keyId);
    } finally {
      verifiedKeys.invalidateAll();
    }
  }

  private boolean revoked(UUID userId, UUID keyId) {
    return jdbc.sql(
                """
                UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, NOW())
                WHERE id = :id AND user_id = :userId
                """)
            .param("id", keyId)
            .param("userId", userId)
            .update()
        == 1;
  }

  /** The active owner of an active key, noting that the key was used. */
  Optional<Account> ownerOfKey(String secret) {
    String hash = Secrets.sha256Hex(secret);
    Account known = verifiedKeys.getIfPresent(hash);
    if (known != null) {
      return Optional.of(known);
    }
    Optional<Account> owner = ownerOfKeyHash(hash);
    owner.ifPresent(a -> verifiedKeys.put(hash, a));
    return owner;
  }

  /** One statement: marks the key used and reads its active owner. */
  private Optional<Account> ownerOfKeyHash(String hash) {
    return jdbc.sql(
            """
            WITH used AS (
              UPDATE api_tokens SET last_used_at = NOW()
              WHERE token_sha256 = :hash AND revoked_at IS NULL
              RETURNING user_id)
            SELECT u.* FROM users u JOIN used ON used.user_id = u.id WHERE u.disabled_at IS NULL
            """)
        .param("hash", hash)
        .query(ACCOUNT)
        .optional();
  }

  private static String checkedEmail(String email) {
    String e = email.strip().toLowerCase(Locale.ROOT);
    if (e.length() > 255 || !EMAIL.matcher(e).matches()) {
      throw new IllegalArgumentException("'" + email + "' is not an email address");
    }
    return e;
  }

  private static void checkPassword(String password) {
    if (password.length() < MIN_PASSWORD) {
      throw new IllegalArgumentException(
          "a password needs at least " + MIN_PASSWORD + " characters");
    }
    if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
      throw new IllegalArgumentException(
          "a password may have at most " + MAX_PASSWORD_BYTES + " bytes (UTF-8)");
    }
  }

  private static String checkedName(String name) {
    String n = name.strip();
    if (n.length() > 255) {
      throw new IllegalArgumentException("name may have at most 255 characters");
    }
    return n;
  }

  private static String checkedKeyName(String name) {
    String n = name.strip();
    if (n.isEmpty() || n.length() > 100) {
      throw new IllegalArgumentException("an API key's name needs 1 to 100 characters");
    }
    return n;
  }

  private static String checkedAvatar(String avatarUrl) {
    String a = avatarUrl.strip();
    try {
      URI uri = new URI(a);
      if (a.length() > 2000
          || uri.getHost() == null
          || !("https".equalsIgnoreCase(uri.getScheme())
              || "http".equalsIgnoreCase(uri.getScheme()))) {
        throw new IllegalArgumentException("avatar_url must be an http(s) URL");
      }
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("avatar_url must be an http(s) URL", e);
    }
    return a;
  }

  private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  private static Instant requireInstant(ResultSet rs, String column) throws SQLException {
    Instant i = instant(rs, column);
    if (i == null) {
      throw new SQLException(column + " is null");
    }
    return i;
  }

  private String dummyHash() {
    String hash = dummyHash;
    if (hash == null) {
      synchronized (this) {
        hash = dummyHash;
        if (hash == null) {
          hash = passwords.encode(Secrets.random("dummy-"));
          dummyHash = hash;
        }
      }
    }
    return hash;
  }
}
