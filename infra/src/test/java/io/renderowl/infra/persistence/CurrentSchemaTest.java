package io.renderowl.infra.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import liquibase.integration.spring.SpringLiquibase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The schema marker against the real changelog and Liquibase on the shared test database: a start
 * after a successful migration leaves Liquibase's update out (it never opens a connection), any
 * other start runs it.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // embedded PostgreSQL through TestDatabase; seconds
class CurrentSchemaTest {

  @TempDir Path dataFolder;

  /** A Liquibase bean whose switch the test can read, counting the connections it opens. */
  static final class Observed extends SpringLiquibase {
    final AtomicInteger connections = new AtomicInteger();

    Observed(DataSource target) {
      setDataSource(
          new DelegatingDataSource(target) {
            @Override
            public Connection getConnection() throws java.sql.SQLException {
              connections.incrementAndGet();
              return super.getConnection();
            }
          });
      setChangeLog(TestDatabase.MASTER_CHANGELOG);
      setResourceLoader(new DefaultResourceLoader());
    }

    boolean runs() {
      return shouldRun;
    }
  }

  private static Observed start(CurrentSchema schema, String name) throws Exception {
    Observed liquibase = new Observed(TestDatabase.migrated());
    schema.postProcessBeforeInitialization(liquibase, name);
    liquibase.afterPropertiesSet();
    schema.postProcessAfterInitialization(liquibase, name);
    return liquibase;
  }

  @Test
  void theStartAfterAMigrationSkipsLiquibaseAndAChangedChangelogRunsItAgain() throws Exception {
    CurrentSchema schema = new CurrentSchema(() -> Optional.of(dataFolder));

    Observed first = start(schema, "liquibase");
    assertThat(first.runs()).isTrue();
    assertThat(first.connections).hasPositiveValue();
    Path marker = dataFolder.resolve(CurrentSchema.FILE);
    assertThat(Files.readString(marker).strip())
        .isEqualTo(CurrentSchema.fingerprint(TestDatabase.MASTER_CHANGELOG))
        .hasSize(64);

    Observed second = start(new CurrentSchema(() -> Optional.of(dataFolder)), "liquibase");
    assertThat(second.runs()).isFalse();
    assertThat(second.connections).hasValue(0);

    // a marker of another changelog (or Liquibase version): the update runs and re-marks
    Files.writeString(marker, "0".repeat(64) + "\n");
    Observed third = start(new CurrentSchema(() -> Optional.of(dataFolder)), "liquibase");
    assertThat(third.runs()).isTrue();
    assertThat(third.connections).hasPositiveValue();
    assertThat(CurrentSchema.current(dataFolder, TestDatabase.MASTER_CHANGELOG)).isTrue();
  }

  @Test
  void aConfiguredDatabaseAlwaysRunsLiquibaseAndIsNeverMarked() throws Exception {
    CurrentSchema.mark(dataFolder, TestDatabase.MASTER_CHANGELOG);
    CurrentSchema configured = new CurrentSchema(Optional::empty);

    Observed liquibase = start(configured, "liquibase");

    assertThat(liquibase.runs()).isTrue();
    assertThat(liquibase.connections).hasPositiveValue();
  }

  @Test
  void aNewDatabaseHasNoMarkerAndAnUnreadableOneCountsAsNone() throws Exception {
    assertThat(CurrentSchema.current(dataFolder, TestDatabase.MASTER_CHANGELOG)).isFalse();
    Files.createDirectory(dataFolder.resolve(CurrentSchema.FILE)); // not a file
    assertThat(CurrentSchema.current(dataFolder, TestDatabase.MASTER_CHANGELOG)).isFalse();
    assertThatCode(
            () -> CurrentSchema.mark(dataFolder.resolve("gone"), TestDatabase.MASTER_CHANGELOG))
        .doesNotThrowAnyException();
  }

  @Test
  void theFingerprintCoversEveryChangelogFileAndLiquibasesVersion() {
    String master = CurrentSchema.fingerprint(TestDatabase.MASTER_CHANGELOG);
    assertThat(CurrentSchema.fingerprint("db/changelog/db.changelog-master.yaml"))
        .isEqualTo(master);
    // the folder of the changes alone is another set of files
    assertThat(CurrentSchema.fingerprint("classpath:db/changelog/changes/001-seed-tables.sql"))
        .isNotEqualTo(master)
        .hasSize(64);
  }
}
