package io.renderowl.infra.stack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.ArchUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * Where zonky extracted its PostgreSQL binaries, recorded for the next start. Zonky names that
 * folder by the MD5 of its archive, which it reads whole (15 MB, inflated from its jar) at every
 * start to find it: 40-45 ms of CPU of every command's start on a 2-core machine (2026-12-06). The
 * record maps each archive, by its place and checksum in its jar (read from the jar's directory,
 * not the archive), to its folder, so other binaries (another zonky version) go through zonky
 * again; the tests' class path and the packaged command's each have their entry.
 */
final class PostgresBinaries {
  static final String RECORD = "renderowl-binaries.properties";

  private PostgresBinaries() {}

  /** The binaries folder a start with the current archive recorded; empty when none is known. */
  static Optional<Path> recorded(Path cacheDirectory) {
    Optional<String> archive = archiveIdentity();
    if (archive.isEmpty()) {
      return Optional.empty();
    }
    Path record = cacheDirectory.resolve(RECORD);
    String folder = load(record).getProperty(archive.get());
    if (folder == null) {
      return Optional.empty();
    }
    Path binaries = Path.of(folder);
    return Files.isExecutable(binaries.resolve("bin/pg_ctl"))
            && Files.isExecutable(binaries.resolve("bin/postgres"))
        ? Optional.of(binaries)
        : Optional.empty();
  }

  /**
   * Records the binaries of the server zonky just started on {@code dataDirectory}: {@code
   * postmaster.opts} starts with the path of the {@code postgres} it ran. Best effort: without a
   * record the next start goes through zonky again.
   */
  static void record(Path cacheDirectory, Path dataDirectory) {
    Optional<String> archive = archiveIdentity();
    if (archive.isEmpty()) {
      return;
    }
    try {
      String opts = Files.readString(dataDirectory.resolve("postmaster.opts")).strip();
      int quote = opts.indexOf('"');
      Path postgres = Path.of((quote < 0 ? opts : opts.substring(0, quote)).strip());
      Path binaries = postgres.getParent().getParent();
      Properties record = load(cacheDirectory.resolve(RECORD));
      record.setProperty(archive.get(), binaries.toString());
      Path temporary = Files.createTempFile(cacheDirectory, RECORD, ".tmp");
      try (OutputStream out = Files.newOutputStream(temporary)) {
        record.store(out, "zonky's extracted PostgreSQL binaries by archive (Renderowl)");
      }
      Files.move(temporary, cacheDirectory.resolve(RECORD), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      StackLog.warn("could not record the PostgreSQL binaries' folder: {}", e.toString());
    }
  }

  /** The record's archive-to-folder entries; none when it is missing or unreadable. */
  private static Properties load(Path record) {
    Properties saved = new Properties();
    if (Files.exists(record)) {
      try (InputStream in = Files.newInputStream(record)) {
        saved.load(in);
      } catch (IOException | IllegalArgumentException e) {
        return new Properties();
      }
    }
    return saved;
  }

  /**
   * The archive zonky's resolver finds on Linux ({@code postgres-linux-<arch>.txz}) as its URL with
   * the jar entry's CRC and size; empty elsewhere (zonky alone then finds the binaries).
   */
  static Optional<String> archiveIdentity() {
    if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
      return Optional.empty();
    }
    String arch = System.getProperty("os.arch", "");
    String name =
        "postgres-linux-" + ArchUtils.normalize("amd64".equals(arch) ? "x86_64" : arch) + ".txz";
    URL url = EmbeddedPostgres.class.getClassLoader().getResource(name);
    if (url == null) {
      return Optional.empty();
    }
    try {
      URLConnection connection = url.openConnection();
      if (connection instanceof JarURLConnection jar) {
        var entry = jar.getJarEntry();
        return Optional.of(url + "#crc=" + entry.getCrc() + ",size=" + entry.getSize());
      }
      Path file = Path.of(url.toURI());
      return Optional.of(
          url + "#size=" + Files.size(file) + ",modified=" + Files.getLastModifiedTime(file));
    } catch (IOException | java.net.URISyntaxException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
