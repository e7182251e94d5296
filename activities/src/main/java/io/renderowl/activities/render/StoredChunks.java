package io.renderowl.activities.render;

import io.renderowl.infra.storage.ObjectStore;
import io.renderowl.workflows.ChunkSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Where a finished chunk is kept in storage. A chunk whose join runs in the process that rendered
 * it is not uploaded as one file: its segments, stored one by one while it was drawn (for
 * resuming), already hold its frames, so uploading the joined chunk again only delayed the join by
 * the time of a second upload of the same bytes. Such a chunk is its segments until the render's
 * join has written the video; a join on another worker (or after a restart) joins them again from
 * storage. A chunk rendered where no join can take it (no {@link RenderFiles}) is uploaded as one
 * file, as before.
 */
public final class StoredChunks {
  private StoredChunks() {}

  /** The key of one segment of the chunk stored under {@code chunkKey}. */
  public static String segmentKey(String chunkKey, FrameRange segment) {
    return segmentPrefix(chunkKey) + segment.from() + "+" + segment.frames() + ".mp4";
  }

  public static String segmentPrefix(String chunkKey) {
    String base =
        chunkKey.endsWith(".mp4") ? chunkKey.substring(0, chunkKey.length() - 4) : chunkKey;
    return base + "/segments/";
  }

  /** Whether the chunk is in storage: as one file, or as segments that hold exactly its frames. */
  public static boolean stored(ObjectStore store, String chunkKey, ChunkSpec chunk) {
    return store.exists(chunkKey) || segmentsOf(store, chunkKey, chunk).isPresent();
  }

  /**
   * The chunk's file in {@code target}: the stored chunk, else its segments joined by stream copy
   * (downloaded into {@code work}).
   *
   * @throws IllegalStateException when neither is in storage
   */
  public static Path fetch(
      ObjectStore store,
      ChunkRenderer renderer,
      String chunkKey,
      ChunkSpec chunk,
      Path work,
      Path target) {
    if (store.exists(chunkKey)) {
      return store.download(chunkKey, target);
    }
    List<String> segments =
        segmentsOf(store, chunkKey, chunk)
            .orElseThrow(() ->
                new IllegalStateException(
                    "chunk " + chunkKey + " is in storage neither as a file nor as its segments"));
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < segments.size(); i++) {
      files.add(
          store.download(
              segments.get(i), work.resolve("chunk-" + chunk.index() + "-s" + i + ".mp4")));
    }
    renderer.joinVideo(files, new FrameRange(chunk.firstFrame(), chunk.endFrame()), target);
    return target;
  }

  /** Deletes the chunk's stored segments (once the render's video is stored); best effort. */
  public static void deleteSegments(ObjectStore store, String chunkKey) {
    try {
      for (String key : store.list(segmentPrefix(chunkKey))) {
        store.delete(key);
      }
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(StoredChunks.class)
          .debug("could not delete the segments of {}: {}", chunkKey, e.getMessage());
    }
  }

  /**
   * The keys of the stored segments that hold exactly the chunk's frames, in order; empty when they
   * do not (some missing, a gap, or none).
   */
  public static Optional<List<String>> segmentsOf(
      ObjectStore store, String chunkKey, ChunkSpec chunk) {
    String prefix = segmentPrefix(chunkKey);
    record Piece(String key, long from, long frames) {}
    List<Piece> pieces = new ArrayList<>();
    for (String key : store.list(prefix)) {
      String name = key.substring(prefix.length());
      int plus = name.indexOf('+');
      if (plus <= 0 || !name.endsWith(".mp4")) {
        continue;
      }
      try {
        pieces.add(
            new Piece(
                key,
                Long.parseLong(name.substring(0, plus)),
                Long.parseLong(name.substring(plus + 1, name.length() - 4))));
      } catch (NumberFormatException e) {
        // not a segment of ours
      }
    }
    pieces.sort(Comparator.comparingLong(Piece::from));
    long next = chunk.firstFrame();
    List<String> keys = new ArrayList<>();
    for (Piece piece : pieces) {
      if (piece.from() != next) {
        return Optional.empty();
      }
      keys.add(piece.key());
      next += piece.frames();
    }
    return next == chunk.endFrame() && !keys.isEmpty() ? Optional.of(keys) : Optional.empty();
  }
}
