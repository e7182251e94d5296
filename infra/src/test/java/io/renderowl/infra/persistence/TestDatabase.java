package io.renderowl.infra.persistence;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.sql.DataSource;
import liquibase.exception.LiquibaseException;
import liquibase.integration.spring.SpringLiquibase;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * One embedded PostgreSQL for all persistence tests in the JVM, migrated with the master changelog
 * the way Spring Boot applies it. Tests stay independent by creating their own users.
 */
public final class TestDatabase {

  static final String MASTER_CHANGELOG = "classpath:db/changelog/db.changelog-master.yaml";

  private static DataSource dataSource;

  private TestDatabase() {}

  /** The migrated database, started on first use and stopped when the JVM exits. */
  public static synchronized DataSource migrated() {
    if (dataSource == null) {
      EmbeddedPostgres postgres = start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(postgres)));
      dataSource = postgres.getPostgresDatabase();
      migrate(dataSource);
    }
    return dataSource;
  }

  /** Applies the master changelog (a no-op once it has been applied). */
  static void migrate(DataSource target) {
    SpringLiquibase liquibase = new SpringLiquibase();
    liquibase.setDataSource(target);
    liquibase.setChangeLog(MASTER_CHANGELOG);
    liquibase.setResourceLoader(new DefaultResourceLoader());
    try {
      liquibase.afterPropertiesSet();
    } catch (LiquibaseException e) {
      throw new IllegalStateException("the changelog did not apply", e);
    }
  }

  private static EmbeddedPostgres start() {
    try {
      return EmbeddedPostgres.builder().start();
    } catch (IOException e) {
      throw new UncheckedIOException("embedded PostgreSQL did not start", e);
    }
  }

  private static void stop(EmbeddedPostgres postgres) {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
