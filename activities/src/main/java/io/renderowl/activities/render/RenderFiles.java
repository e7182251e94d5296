package io.renderowl.activities.render;

import io.renderowl.activities.storage.TempFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Files this worker wrote and stored, kept by storage key until the join takes them: when the
 * chunks, the audio and the join of a render run in one process (one machine, or {@code owl
 * render}), the join reads them from disk instead of downloading what was just uploaded. Another
 * worker's files are not here; the join downloads those. The object store stays the record.
 */
public final class RenderFiles {
  private final Path folder;
  private final Map<String, Path> kept = new ConcurrentHashMap<>();

  /** Keeps files in a new temporary folder, deleted when the JVM exits. */
  public RenderFiles() {
    try {
      this.folder = Files.createTempDirectory("renderowl-render-files-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a folder for render files", e);
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> TempFiles.deleteRecursively(folder), "renderowl-render-files-cleanup"));
  }

  /**
   * Moves {@code file} (already stored under {@code key}) here, replacing what was kept for the
   * key.
   */
  public void keep(String key, Path file) {
    Path target =
        folder.resolve(
            Integer.toHexString(key.hashCode()) + "-" + kept.size() + "-" + file.getFileName());
    try {
      Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      return; // the join downloads it instead
    }
    Path old = kept.put(key, target);
    if (old != null && !old.equals(target)) {
      deleteQuietly(old);
    }
  }

  /**
   * Moves the file kept for {@code key} to {@code target} and forgets it; empty when not kept here.
   */
  public Optional<Path> take(String key, Path target) {
    Path file = kept.remove(key);
    if (file == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.move(file, target, StandardCopyOption.REPLACE_EXISTING));
    } catch (IOException e) {
      deleteQuietly(file);
      return Optional.empty();
    }
  }

  /** Forgets and deletes every file kept for the run (its keys hold "runs/RUNID/"). */
  public void discardRun(String runId) {
    String marker = "runs/" + runId + "/";
    kept.keySet()
        .removeIf(key -> {
          if (key.startsWith(marker)) {
            deleteQuietly(kept.get(key));
            return true;
          }
          return false;
        });
  }

  private static void deleteQuietly(Path file) {
    try {
      if (file != null) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      // a temporary file; the shutdown hook tries again
    }
  }
}
