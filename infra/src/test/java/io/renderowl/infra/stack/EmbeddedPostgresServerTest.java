package io.renderowl.infra.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL: the first start on a data directory through zonky (initdb), later ones
 * straight from the recorded binaries, stopped for real each time. The binaries are the stack's own
 * cache ({@code ~/.cache/renderowl/postgres}), as a command uses them.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES) // a zonky start (initdb, maybe the extraction) and
// a few direct starts; about 3 s here
class EmbeddedPostgresServerTest {
  private static final Path CACHE =
      Path.of(System.getProperty("user.home"), ".cache", "renderowl", "postgres");

  @TempDir Path home;

  @Test
  void aLaterStartGoesStraightToTheRecordedBinariesAndSeesTheEarlierRows() throws Exception {
    Path data = home.resolve("postgres");
    Path log = home.resolve("logs/postgres.log");
    try (EmbeddedPostgresServer first = EmbeddedPostgresServer.start(data, CACHE, log)) {
      assertThat(first.direct()).as("a new data directory goes through zonky (initdb)").isFalse();
      try (Connection c = DriverManager.getConnection(first.jdbcUrl())) {
        c.createStatement().execute("CREATE TABLE kept (v text)");
        c.createStatement().execute("INSERT INTO kept VALUES ('from the first start')");
      }
    }
    assertThat(data.resolve("postmaster.pid")).as("the first server stopped").doesNotExist();
    assertThat(PostgresBinaries.recorded(CACHE)).as("binaries recorded").isPresent();

    try (EmbeddedPostgresServer second = EmbeddedPostgresServer.start(data, CACHE, log)) {
      assertThat(second.direct()).as("the second start skips zonky").isTrue();
      try (Connection c = DriverManager.getConnection(second.jdbcUrl());
          ResultSet rs = c.createStatement().executeQuery("SELECT v FROM kept")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("from the first start");
      }
      String opts = Files.readString(data.resolve("postmaster.opts"));
      assertThat(opts)
          .as("the same server settings as zonky's start")
          .contains("synchronous_commit=off", "max_connections=300", "fsync=on", "timezone=UTC");
    }
    assertThat(data.resolve("postmaster.pid")).as("the second server stopped").doesNotExist();
  }

  @Test
  void aServerThatCannotStartFailsWithItsLogsFatalLineAndLeavesNothingRunning() throws Exception {
    Path data = home.resolve("postgres");
    Path log = home.resolve("logs/postgres.log");
    EmbeddedPostgresServer.start(data, CACHE, log).close(); // initdb, binaries recorded
    Path binaries = PostgresBinaries.recorded(CACHE).orElseThrow();

    long started = System.nanoTime();
    assertThatThrownBy(() ->
            Postmaster.start(binaries, data, Ports.free(), Map.of("no_such_setting", "1"), log))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("FATAL")
        .hasMessageContaining("no_such_setting");
    assertThat(System.nanoTime() - started)
        .as("failed at once, not after the 60 s start wait")
        .isLessThan(TimeUnit.SECONDS.toNanos(30));
    assertThat(data.resolve("postmaster.pid")).doesNotExist();

    // the data directory is still good for a proper start
    try (EmbeddedPostgresServer again = EmbeddedPostgresServer.start(data, CACHE, log)) {
      assertThat(again.direct()).isTrue();
      try (Connection c = DriverManager.getConnection(again.jdbcUrl())) {
        assertThat(c.isValid(5)).isTrue();
      }
    }
  }

  @Test
  void aRecordOfAnotherArchiveIsNotUsed() throws Exception {
    EmbeddedPostgresServer.start(home.resolve("postgres"), CACHE, home.resolve("pg.log")).close();
    Path binaries = PostgresBinaries.recorded(CACHE).orElseThrow();
    String archive = PostgresBinaries.archiveIdentity().orElseThrow();
    assertThat(archive).contains("postgres-linux-", "#crc=");

    Path cache = Files.createDirectories(home.resolve("cache"));
    record(cache, archive, binaries);
    assertThat(PostgresBinaries.recorded(cache)).as("this archive's record").contains(binaries);
    record(cache, archive.replace("#crc=", "#crc=1"), binaries);
    assertThat(PostgresBinaries.recorded(cache)).as("another archive's record").isEmpty();
    record(cache, archive, home.resolve("gone"));
    assertThat(PostgresBinaries.recorded(cache)).as("binaries no longer there").isEmpty();
  }

  private static void record(Path cache, String archive, Path binaries) throws Exception {
    java.util.Properties p = new java.util.Properties();
    p.setProperty(archive, binaries.toString());
    try (var out = Files.newOutputStream(cache.resolve(PostgresBinaries.RECORD))) {
      p.store(out, null);
    }
  }
}
