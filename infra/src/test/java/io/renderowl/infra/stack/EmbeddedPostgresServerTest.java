package io.renderowl.infra.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL: the first start with binaries not seen before through zonky (the
 * extraction, initdb), every other one straight from the recorded binaries, stopped for real each
 * time. The binaries are the stack's own cache ({@code ~/.cache/renderowl/postgres}), as a command
 * uses them, but where a test needs binaries not seen before.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES) // two zonky starts (extractions, initdb) and a few
// direct starts; about 10 s here
class EmbeddedPostgresServerTest {
  private static final Path CACHE =
      Path.of(System.getProperty("user.home"), ".cache", "renderowl", "postgres");

  @TempDir Path home;

  @Test
  void binariesNotSeenBeforeGoThroughZonkyThenEveryStartGoesStraightToThem() throws Exception {
    Path cache = home.resolve("cache"); // no binaries recorded: zonky extracts them here
    Path log = home.resolve("logs/postgres.log");
    Path first = home.resolve("first");
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(first, cache, log)) {
      assertThat(server.direct()).as("binaries not seen before go through zonky").isFalse();
      try (Connection c = DriverManager.getConnection(server.jdbcUrl())) {
        assertThat(c.isValid(5)).isTrue();
      }
    }
    assertThat(first.resolve("postmaster.pid")).as("the first server stopped").doesNotExist();
    assertThat(PostgresBinaries.recorded(cache)).as("binaries recorded").isPresent();

    Path data = home.resolve("postgres");
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, cache, log)) {
      assertThat(server.direct()).as("a new data directory: initdb, without zonky").isTrue();
      try (Connection c = DriverManager.getConnection(server.jdbcUrl())) {
        c.createStatement().execute("CREATE TABLE kept (v text)");
        c.createStatement().execute("INSERT INTO kept VALUES ('from the first start')");
        try (ResultSet rs = c.createStatement().executeQuery("SHOW server_encoding")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).as("initdb's arguments, as zonky's").isEqualTo("UTF8");
        }
      }
    }
    assertThat(data.resolve("postmaster.pid")).as("the server stopped").doesNotExist();

    try (EmbeddedPostgresServer second = EmbeddedPostgresServer.start(data, cache, log)) {
      assertThat(second.direct()).as("a later start skips zonky").isTrue();
      try (Connection c = DriverManager.getConnection(second.jdbcUrl());
          ResultSet rs = c.createStatement().executeQuery("SELECT v FROM kept")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("from the first start");
      }
      String opts = Files.readString(data.resolve("postmaster.opts"));
      assertThat(opts)
          .as("the same server settings as zonky's start")
          .contains(
              "synchronous_commit=off",
              "max_connections=300",
              "fsync=on",
              "timezone=UTC",
              "listen_addresses=127.0.0.1");
    }
    assertThat(data.resolve("postmaster.pid")).as("the second server stopped").doesNotExist();
  }

  @Test
  void aPortAnotherProcessTookFailsAtOnceSayingSoAndTheStartGoesOnToAnotherPort() throws Exception {
    Path log = home.resolve("logs/postgres.log");
    EmbeddedPostgresServer.start(home.resolve("warm"), CACHE, log).close(); // binaries recorded
    Path binaries = PostgresBinaries.recorded(CACHE).orElseThrow();
    Path data = home.resolve("postgres");
    // another process's listener, as the Temporal dev server's on a port it chose for itself
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      Postmaster.initdb(binaries, data, log);
      long started = System.nanoTime();
      assertThatThrownBy(() ->
              Postmaster.start(
                  binaries, data, taken.getLocalPort(), EmbeddedPostgresServer.SERVER_CONFIG, log))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Address already in use")
          .satisfies(e -> assertThat(Ports.portTaken(e)).as("a start to try again").isTrue());
      assertThat(System.nanoTime() - started)
          .as("failed at once, not after the 60 s start wait")
          .isLessThan(TimeUnit.SECONDS.toNanos(30));
      assertThat(data.resolve("postmaster.pid")).doesNotExist();

      Path fresh = home.resolve("fresh");
      AtomicInteger tries = new AtomicInteger();
      try (EmbeddedPostgresServer server =
          EmbeddedPostgresServer.start(
              fresh,
              CACHE,
              log,
              () -> tries.getAndIncrement() == 0 ? taken.getLocalPort() : Ports.free())) {
        assertThat(tries).as("the taken port, then another").hasValue(2);
        assertThat(server.port()).isNotEqualTo(taken.getLocalPort());
        try (Connection c = DriverManager.getConnection(server.jdbcUrl())) {
          assertThat(c.isValid(5)).isTrue();
        }
      }
    }
  }

  @Test
  void initdbOnADirectoryThatIsNotEmptySaysWhyAndLeavesItsFilesAlone() throws Exception {
    Path log = home.resolve("logs/postgres.log");
    EmbeddedPostgresServer.start(home.resolve("warm"), CACHE, log).close(); // binaries recorded
    Path data = Files.createDirectories(home.resolve("postgres"));
    Files.writeString(data.resolve("notes.txt"), "not a database");

    assertThatThrownBy(() -> EmbeddedPostgresServer.start(data, CACHE, log))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("initdb on " + data)
        .hasMessageContaining("exists but is not empty");
    assertThat(data.resolve("notes.txt")).hasContent("not a database");
  }

  @Test
  void aServerThatCannotStartFailsWithItsLogsFatalLineAndLeavesNothingRunning() throws Exception {
    Path data = home.resolve("postgres");
    Path log = home.resolve("logs/postgres.log");
    EmbeddedPostgresServer.start(data, CACHE, log).close(); // initdb (binaries recorded)
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
