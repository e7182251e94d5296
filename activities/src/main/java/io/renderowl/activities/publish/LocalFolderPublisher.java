package io.renderowl.activities.publish;

import io.renderowl.infra.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The offline publisher ("local-folder"): copies the video into {@code folder/<runId>/} beside a
 * metadata.json. Writing is atomic (temp file + move), so a retried publish leaves one copy.
 */
public final class LocalFolderPublisher {
  public static final String PLATFORM = "local-folder";

  private final Path folder;

  public LocalFolderPublisher(Path folder) {
    this.folder = folder;
  }

  /**
   * Publishes the video that {@code writeVideo} writes into the file it is given (a part file in
   * the run's folder, moved into place once written): a video fetched from storage is written there
   * once, not to a temporary file first and then copied.
   *
   * @return the published video's path
   */
  public Path publish(String runId, Consumer<Path> writeVideo, Map<String, Object> metadata) {
    Path dir = folder.resolve(runId);
    Path target = dir.resolve("video.mp4");
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, "video", ".part");
      try {
        writeVideo.accept(tmp);
        Files.move(
            tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
      Map<String, Object> meta = new LinkedHashMap<>(metadata);
      meta.put("file", target.getFileName().toString());
      meta.put("bytes", Files.size(target));
      Path metaTmp = Files.createTempFile(dir, "metadata", ".part");
      Files.writeString(metaTmp, Json.PRETTY.writeValueAsString(meta));
      Files.move(
          metaTmp,
          dir.resolve("metadata.json"),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot publish to the local folder " + dir, e);
    }
  }
}
