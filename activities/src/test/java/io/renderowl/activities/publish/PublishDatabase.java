package io.renderowl.activities.publish;

import io.renderowl.infra.social.SocialAccounts;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import liquibase.exception.LiquibaseException;
import liquibase.integration.spring.SpringLiquibase;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An embedded PostgreSQL migrated with the master changelog, with the rows a publication hangs on
 * (user, run, render, connected account), and {@link Accounts}: the test double of the
 * connected-accounts service, reading the {@code social_accounts} rows the tests insert (plain
 * tokens; the real service stores them encrypted).
 */
final class PublishDatabase {
  private static DataSource dataSource;

  private PublishDatabase() {}

  static synchronized DataSource migrated() {
    if (dataSource == null) {
      try {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(() -> {
                  try {
                    postgres.close();
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                }));
        dataSource = postgres.getPostgresDatabase();
      } catch (IOException e) {
        throw new UncheckedIOException("embedded PostgreSQL did not start", e);
      }
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

  /** A user with a run and its render. */
  record Owner(UUID userId, String runId, UUID renderId) {}

  static Owner owner(DataSource db) {
    JdbcClient jdbc = JdbcClient.create(db);
    String clerk = "user_" + UUID.randomUUID();
    UUID user =
        jdbc.sql("INSERT INTO users (clerk_id, email, name) VALUES (?, ?, 'Test') RETURNING id")
            .params(clerk, clerk + "@example.test")
            .query(UUID.class)
            .single();
    String runId = "run-" + UUID.randomUUID().toString().substring(0, 18);
    jdbc.sql(
            "INSERT INTO pipeline_runs (run_id, user_id, topic, request) VALUES (?, ?, 'owls', '{}')")
        .params(runId, user)
        .update();
    UUID render =
        jdbc.sql(
                "INSERT INTO renders (user_id, preset, status, run_id) VALUES (?, '1080p',"
                    + " 'completed', ?) RETURNING id")
            .params(user, runId)
            .query(UUID.class)
            .single();
    return new Owner(user, runId, render);
  }

  static UUID account(
      DataSource db, UUID user, String platform, String platformUserId, String token) {
    return JdbcClient.create(db)
        .sql(
            "INSERT INTO social_accounts (user_id, platform, username, channel_name, access_token)"
                + " VALUES (?, ?, ?, 'Owls', ?) RETURNING id")
        .params(user, platform, platformUserId, token)
        .query(UUID.class)
        .single();
  }

  /** The connected accounts as the publishers see them, read from the rows above. */
  static final class Accounts implements SocialAccounts {
    private final JdbcClient jdbc;

    Accounts(DataSource db) {
      this.jdbc = JdbcClient.create(db);
    }

    @Override
    public Optional<SocialAccount> find(UUID userId, UUID accountId) {
      return jdbc.sql(
              "SELECT id, user_id, platform, username, channel_name, COALESCE(is_active, true) AS"
                  + " active FROM social_accounts WHERE id = ? AND user_id = ?")
          .params(accountId, userId)
          .query((rs, n) ->
              new SocialAccount(
                  rs.getObject("id", UUID.class),
                  rs.getObject("user_id", UUID.class),
                  rs.getString("platform"),
                  rs.getString("username"),
                  rs.getString("username"),
                  rs.getString("channel_name"),
                  rs.getBoolean("active")))
          .optional();
    }

    @Override
    public List<SocialAccount> list(UUID userId) {
      return List.of();
    }

    @Override
    public String accessToken(UUID accountId) {
      return jdbc.sql("SELECT access_token FROM social_accounts WHERE id = ?")
          .param(accountId)
          .query(String.class)
          .single();
    }
  }
}
