package io.renderowl.infra.social.internal;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.renderowl.infra.config.SocialSettings;
import io.renderowl.infra.social.SocialPlatform;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import liquibase.exception.LiquibaseException;
import liquibase.integration.spring.SpringLiquibase;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One migrated embedded PostgreSQL for the social tests in this JVM, and the accounts and analytics
 * wired to WireMock stubs: every platform's authorize, token and API URLs point at {@code
 * /{platform}/authorize}, {@code /{platform}/token} and {@code /{platform}/api} on the stub.
 */
final class SocialFixtures {
  static final byte[] KEY = new byte[32];

  private static DataSource dataSource;

  private SocialFixtures() {}

  static synchronized DataSource database() {
    if (dataSource == null) {
      EmbeddedPostgres postgres;
      try {
        postgres = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException("embedded PostgreSQL did not start", e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> close(postgres)));
      dataSource = postgres.getPostgresDatabase();
      SpringLiquibase liquibase = new SpringLiquibase();
      liquibase.setDataSource(dataSource);
      liquibase.setChangeLog("classpath:db/changelog/db.changelog-master.yaml");
      liquibase.setResourceLoader(new DefaultResourceLoader());
      try {
        liquibase.afterPropertiesSet();
      } catch (LiquibaseException e) {
        throw new IllegalStateException("the changelog did not apply", e);
      }
    }
    return dataSource;
  }

  private static void close(EmbeddedPostgres postgres) {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static UUID newUser() {
    String id = "user_" + UUID.randomUUID();
    return JdbcClient.create(database())
        .sql("INSERT INTO users (clerk_id, email, name) VALUES (:c, :e, 'Test') RETURNING id")
        .param("c", id)
        .param("e", id + "@example.test")
        .query(UUID.class)
        .single();
  }

  /** Settings with every platform configured against the stub. */
  static SocialSettings settings(WireMockServer stub, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>();
    String base = "http://127.0.0.1:" + stub.port();
    for (SocialPlatform p : SocialPlatform.values()) {
      String v = p.name();
      env.put(v + (p == SocialPlatform.TIKTOK ? "_CLIENT_KEY" : "_CLIENT_ID"), p.id() + "-client");
      env.put(v + "_CLIENT_SECRET", p.id() + "-secret");
      env.put(v + "_AUTHORIZE_URL", base + "/" + p.id() + "/authorize");
      env.put(v + "_TOKEN_URL", base + "/" + p.id() + "/token");
      env.put(v + "_API_URL", base + "/" + p.id() + "/api");
    }
    env.put("RENDEROWL_OAUTH_REDIRECT_URL", "http://127.0.0.1:8080/social/callback/{platform}");
    env.putAll(extra);
    return io.renderowl.infra.config.RenderowlSettings.from(env::get).social();
  }

  static TokenCipher cipher() {
    return new TokenCipher("test-key", new SecretKeySpec(KEY, "AES"), Map.of());
  }

  static JdbcSocialAccounts accounts(SocialSettings settings) {
    PlatformHttp http = new PlatformHttp(Duration.ofSeconds(5));
    return new JdbcSocialAccounts(
        database(), cipher(), new OAuthClient(settings, http), settings, Clock.systemUTC());
  }

  static JdbcSocialAnalytics analytics(SocialSettings settings, JdbcSocialAccounts accounts) {
    return new JdbcSocialAnalytics(
        database(),
        accounts,
        accounts,
        new MetricsReader(new PlatformHttp(Duration.ofSeconds(5))),
        settings);
  }
}
