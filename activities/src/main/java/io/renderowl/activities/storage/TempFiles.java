package io.renderowl.activities.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Temporary working folders of one activity: created per run, removed when it ends. */
public final class TempFiles {
  private TempFiles() {}

  /** A new temporary folder named after the run. */
  public static Path runDir(String runId) {
    try {
      return Files.createTempDirectory("renderowl-" + runId + "-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary folder", e);
    }
  }

  /** Removes the folder and everything in it; best effort. */
  public static void deleteRecursively(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: the OS cleans the temp folder eventually
    }
  }
}
