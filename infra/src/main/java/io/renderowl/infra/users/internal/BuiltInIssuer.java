package io.renderowl.infra.users.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import io.renderowl.infra.users.Account;
import io.renderowl.infra.users.Session;
import io.renderowl.infra.users.SignIn;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The built-in issuer: RS256 access JWTs ({@code sub} = users.id) and one-time refresh tokens kept
 * as SHA-256 in refresh_tokens, rotated within a family.
 */
public final class BuiltInIssuer implements SignIn {

  /** The prefix of every refresh token this issuer hands out. */
  static final String REFRESH_PREFIX = "owr_";

  private static final Logger log = LoggerFactory.getLogger(BuiltInIssuer.class);

  private final JdbcAccounts accounts;
  private final JdbcClient jdbc;
  private final TransactionTemplate transaction;
  private final RSAKey key;
  private final String issuer;
  private final Duration accessLife;
  private final Duration refreshLife;
  private final JwtEncoder encoder;
  private final JwtDecoder decoder;

  public BuiltInIssuer(
      JdbcAccounts accounts,
      DataSource dataSource,
      RSAKey key,
      String issuer,
      Duration accessLife,
      Duration refreshLife) {
    this.accounts = accounts;
    this.jdbc = JdbcClient.create(dataSource);
    this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    this.key = key;
    this.issuer = issuer;
    this.accessLife = accessLife;
    this.refreshLife = refreshLife;
    this.encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)));
    try {
      NimbusJwtDecoder d =
          NimbusJwtDecoder.withPublicKey(key.toRSAPublicKey())
              .signatureAlgorithm(SignatureAlgorithm.RS256)
              .build();
      d.setJwtValidator(JwtValidators.createDefaultWithIssuer(issuer));
      this.decoder = d;
    } catch (JOSEException e) {
      throw new IllegalStateException("the signing key has no RSA public key", e);
    }
  }

  String issuer() {
    return issuer;
  }

  /** Verifies one of this issuer's access tokens (signature, exp/nbf, iss). */
  Jwt decode(String token) {
    return decoder.decode(token);
  }

  @Override
  public Optional<Session> login(String email, String password) {
    return accounts.checkPassword(email, password).map(a -> issue(a, UUID.randomUUID()));
  }

  @Override
  public Optional<Session> refresh(String refreshToken) {
    String hash = Secrets.sha256Hex(refreshToken);
    Rotation rotation = transaction.execute(status -> rotate(hash));
    return switch (rotation) {
      case Rotation.Next next -> Optional.of(issue(next.account(), next.family()));
      case Rotation.Refused refused -> Optional.empty();
      case null -> Optional.empty();
    };
  }

  private sealed interface Rotation {
    record Next(Account account, UUID family) implements Rotation {}

    record Refused() implements Rotation {}
  }

  private Rotation rotate(String hash) {
    record Row(
        UUID id, UUID userId, UUID family, Instant expiresAt, boolean used, boolean revoked) {}
    Optional<Row> found =
        jdbc.sql("SELECT * FROM refresh_tokens WHERE token_sha256 = :hash FOR UPDATE")
            .param("hash", hash)
            .query((rs, n) ->
                new Row(
                    rs.getObject("id", UUID.class),
                    rs.getObject("user_id", UUID.class),
                    rs.getObject("family_id", UUID.class),
                    rs.getTimestamp("expires_at").toInstant(),
                    rs.getTimestamp("used_at") != null,
                    rs.getTimestamp("revoked_at") != null))
            .optional();
    if (found.isEmpty() || found.get().revoked()) {
      return new Rotation.Refused();
    }
    Row row = found.get();
    if (row.used()) {
      // A used token came back: whoever holds the family's newest token may have stolen it.
      int revoked = revokeFamily(row.family());
      log.warn(
          "A used refresh token of user {} was presented again; revoked its family ({} token(s))",
          row.userId(),
          revoked);
      return new Rotation.Refused();
    }
    if (row.expiresAt().isBefore(Instant.now())) {
      return new Rotation.Refused();
    }
    jdbc.sql("UPDATE refresh_tokens SET used_at = NOW() WHERE id = :id")
        .param("id", row.id())
        .update();
    return accounts
        .find(row.userId())
        .filter(Account::active)
        .<Rotation>map(a -> new Rotation.Next(a, row.family()))
        .orElseGet(Rotation.Refused::new);
  }

  @Override
  public boolean logout(String refreshToken) {
    return jdbc.sql("SELECT family_id FROM refresh_tokens WHERE token_sha256 = :hash")
        .param("hash", Secrets.sha256Hex(refreshToken))
        .query(UUID.class)
        .optional()
        .map(family -> revokeFamily(family) >= 0)
        .orElse(false);
  }

  @Override
  public Map<String, Object> publicKeys() {
    return new JWKSet(key.toPublicJWK()).toJSONObject();
  }

  private int revokeFamily(UUID family) {
    return jdbc.sql(
            "UPDATE refresh_tokens SET revoked_at = NOW() WHERE family_id = :family AND revoked_at IS NULL")
        .param("family", family)
        .update();
  }

  private Session issue(Account account, UUID family) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Instant accessExpires = now.plus(accessLife);
    JwtClaimsSet claims =
        JwtClaimsSet.builder()
            .issuer(issuer)
            .subject(account.id().toString())
            .issuedAt(now)
            .notBefore(now)
            .expiresAt(accessExpires)
            .id(UUID.randomUUID().toString())
            .claim("email", account.email())
            .claim("role", account.role().value())
            .build();
    JwsHeader header =
        JwsHeader.with(SignatureAlgorithm.RS256).keyId(key.getKeyID()).type("JWT").build();
    String access = encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
    String refresh = Secrets.random(REFRESH_PREFIX);
    Instant refreshExpires = now.plus(refreshLife);
    jdbc.sql(
            """
            INSERT INTO refresh_tokens (user_id, family_id, token_sha256, expires_at)
            VALUES (:userId, :family, :hash, :expires)
            """)
        .param("userId", account.id())
        .param("family", family)
        .param("hash", Secrets.sha256Hex(refresh))
        .param("expires", java.sql.Timestamp.from(refreshExpires))
        .update();
    return new Session(access, accessExpires, refresh, refreshExpires, account);
  }
}
