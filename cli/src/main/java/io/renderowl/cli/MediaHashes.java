package io.renderowl.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The SHA-256 of local media files, remembered in the state folder by the file's path, size,
 * modification and change times and file key (its device and inode), as git's index does, so that
 * rendering the same files again does not read and hash them again. A one-shot command runs with
 * the JIT's first tier, which hashes at about 5.5 ms a MB: W1's six files (20 MB) were 110 ms of
 * CPU in every {@code owl render}, a 2 GB source video would be 10 s. A file changed within the
 * last two seconds is hashed every time (its times may not tell a change within the same tick
 * apart).
 */
final class MediaHashes {
  /** Entries kept; the oldest go first. */
  static final int MAX_ENTRIES = 2000;

  private static final long RACY_MILLIS = 2000;

  private final Path file;
  private final Function<Path, String> hasher;
  private final LongSupplier clock;
  private final Map<String, String> entries; // "path\tstamp" -> sha256, in insertion order
  private boolean dirty;

  private MediaHashes(
      Path file, Function<Path, String> hasher, LongSupplier clock, Map<String, String> entries) {
    this.file = file;
    this.hasher = hasher;
    this.clock = clock;
    this.entries = entries;
  }

  /** The hashes remembered in {@code file} (none when it is missing or unreadable). */
  static MediaHashes load(Path file) {
    return load(file, MediaHashes::hash, System::currentTimeMillis);
  }

  /** With {@code hasher} and a clock of epoch milliseconds (tests). */
  static MediaHashes load(Path file, Function<Path, String> hasher, LongSupplier clock) {
    Map<String, String> entries = new LinkedHashMap<>();
    try {
      if (Files.isRegularFile(file)) {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          int tab = line.indexOf('\t');
          if (tab == 64 && line.substring(0, 64).matches("[0-9a-f]{64}")) {
            entries.put(line.substring(tab + 1), line.substring(0, tab));
          }
        }
      }
    } catch (IOException | UncheckedIOException e) {
      entries.clear(); // hashed again, and written anew on save
    }
    return new MediaHashes(file, hasher, clock, entries);
  }

  /**
   * The lowercase hex SHA-256 of {@code media}'s bytes. Callers hash several files side by side
   * (the upload threads): only the table is locked, never the hashing.
   */
  String sha256(Path media) {
    String stamp = stamp(media);
    if (stamp != null) {
      synchronized (this) {
        String known = entries.get(stamp);
        if (known != null) {
          return known;
        }
      }
    }
    String sha = hasher.apply(media);
    if (stamp != null && stamp.equals(stamp(media))) {
      synchronized (this) {
        entries.remove(stamp);
        entries.put(stamp, sha);
        dirty = true;
      }
    }
    return sha;
  }

  /** Writes the hashes back (atomically) when new ones were added; a failure only costs hashing. */
  synchronized void save() {
    if (!dirty) {
      return;
    }
    List<String> lines = new ArrayList<>();
    int skip = Math.max(0, entries.size() - MAX_ENTRIES);
    for (Map.Entry<String, String> e : entries.entrySet()) {
      if (skip > 0) {
        skip--;
        continue;
      }
      lines.add(e.getValue() + "\t" + e.getKey());
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path temp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.write(temp, lines, StandardCharsets.UTF_8);
      try {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      dirty = false;
    } catch (IOException e) {
      // the next render hashes these files again
    }
  }

  /**
   * "real path\tsize\tmtime\tctime\tfile key" of {@code media}, or null when it cannot be
   * remembered: changed within the last two seconds, a path with a tab or line break, or times this
   * file system does not give.
   */
  private String stamp(Path media) {
    try {
      Path real = media.toRealPath();
      String path = real.toString();
      if (path.indexOf('\t') >= 0 || path.indexOf('\n') >= 0 || path.indexOf('\r') >= 0) {
        return null;
      }
      BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
      Object changed = Files.getAttribute(real, "unix:ctime", LinkOption.NOFOLLOW_LINKS);
      if (!(changed instanceof FileTime ctime) || attributes.fileKey() == null) {
        return null;
      }
      long now = clock.getAsLong();
      if (now - attributes.lastModifiedTime().toMillis() < RACY_MILLIS
          || now - ctime.toMillis() < RACY_MILLIS) {
        return null;
      }
      return path
          + "\t"
          + attributes.size()
          + "\t"
          + attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS)
          + "\t"
          + ctime.to(TimeUnit.NANOSECONDS)
          + "\t"
          + attributes.fileKey();
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return null;
    }
  }

  static String hash(Path file) {
    try (InputStream in =
        new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
