package io.renderowl.infra.persistence;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Users, their API tokens (stored as SHA-256 hex) and their credit balance. */
public class UserRepository {

  private static final RowMapper<UserRow> USER =
      (rs, n) ->
          new UserRow(
              Columns.uuid(rs, "id"),
              rs.getString("clerk_id"),
              rs.getString("email"),
              rs.getString("name"),
              rs.getString("avatar_url"),
              rs.getInt("credits_balance"),
              rs.getString("subscription_tier"),
              rs.getString("subscription_status"),
              Columns.instant(rs, "created_at"),
              Columns.instant(rs, "updated_at"));

  private final JdbcClient jdbc;
  private final TransactionTemplate transaction;

  public UserRepository(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
    this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
  }

  /**
   * The id of the user with this Clerk id, created when new. A new user starts with {@code
   * initialCredits}, recorded as a 'grant' credit transaction (none when 0); an existing user gets
   * the given email and (when not null) name, and keeps its balance.
   */
  public UUID ensureUser(String clerkId, String email, String name, int initialCredits) {
    if (initialCredits < 0) {
      throw new IllegalArgumentException("initialCredits must be >= 0, was " + initialCredits);
    }
    return transaction.execute(status ->
        insertUser(clerkId, email, name, initialCredits)
            .map(id -> grantInitialCredits(id, initialCredits))
            .orElseGet(() -> updateUser(clerkId, email, name)));
  }

  public Optional<UserRow> findById(UUID userId) {
    return jdbc.sql("SELECT * FROM users WHERE id = :id")
        .param("id", userId)
        .query(USER)
        .optional();
  }

  /**
   * Registers {@code rawToken} for the user under {@code name}; only its SHA-256 is stored. Doing
   * it again for the same user changes nothing.
   *
   * @throws IllegalArgumentException when the token is already registered for another user
   */
  public void ensureApiToken(UUID userId, String name, String rawToken) {
    String hash = sha256Hex(rawToken);
    jdbc.sql(
            """
            INSERT INTO api_tokens (user_id, name, token_sha256)
            VALUES (:userId, :name, :hash)
            ON CONFLICT (token_sha256) DO NOTHING
            """)
        .param("userId", userId)
        .param("name", name)
        .param("hash", hash)
        .update();
    UUID owner =
        jdbc.sql("SELECT user_id FROM api_tokens WHERE token_sha256 = :hash")
            .param("hash", hash)
            .query(UUID.class)
            .single();
    if (!owner.equals(userId)) {
      throw new IllegalArgumentException("API token '" + name + "' belongs to another user");
    }
  }

  /** The owner of an active (not revoked) token, noting that the token was used. */
  public Optional<UUID> findUserIdByApiToken(String rawToken) {
    return jdbc.sql(
            """
            UPDATE api_tokens SET last_used_at = NOW()
            WHERE token_sha256 = :hash AND revoked_at IS NULL
            RETURNING user_id
            """)
        .param("hash", sha256Hex(rawToken))
        .query(UUID.class)
        .optional();
  }

  /**
   * @throws NoSuchElementException for an unknown user
   */
  public int creditsBalance(UUID userId) {
    return jdbc.sql("SELECT COALESCE(credits_balance, 0) FROM users WHERE id = :id")
        .param("id", userId)
        .query(Integer.class)
        .optional()
        .orElseThrow(() -> new NoSuchElementException("no user " + userId));
  }

  private Optional<UUID> insertUser(String clerkId, String email, String name, int credits) {
    return jdbc.sql(
            """
            INSERT INTO users (clerk_id, email, name, credits_balance)
            VALUES (:clerkId, :email, :name, :credits)
            ON CONFLICT (clerk_id) DO NOTHING
            RETURNING id
            """)
        .param("clerkId", clerkId)
        .param("email", email)
        .param("name", name)
        .param("credits", credits)
        .query(UUID.class)
        .optional();
  }

  private UUID grantInitialCredits(UUID userId, int credits) {
    if (credits > 0) {
      jdbc.sql(
              """
              INSERT INTO credit_transactions (user_id, type, amount, description, idempotency_key)
              VALUES (:userId, 'grant', :amount, 'initial credits', :key)
              """)
          .param("userId", userId)
          .param("amount", credits)
          .param("key", "initial-grant:" + userId)
          .update();
    }
    return userId;
  }

  private UUID updateUser(String clerkId, String email, String name) {
    return jdbc.sql(
            """
            UPDATE users SET email = :email, name = COALESCE(:name, name), updated_at = NOW()
            WHERE clerk_id = :clerkId
            RETURNING id
            """)
        .param("clerkId", clerkId)
        .param("email", email)
        .param("name", name)
        .query(UUID.class)
        .single();
  }

  /** Lower-case hex SHA-256 of the token's UTF-8 bytes, as stored in api_tokens.token_sha256. */
  static String sha256Hex(String rawToken) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(rawToken.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
