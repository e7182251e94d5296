package io.renderowl.activities.render;

import io.renderowl.workflows.ChunkSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Where a finished chunk is kept in storage. A chunk whose join runs in the process that rendered
 * it is not uploaded as one file: its segments, stored one by one while it was drawn (for
 * resuming), already hold its frames, so uploading the joined chunk again only delayed the join by
 * the time of a second upload of the same bytes. Such a chunk is its segments until the render has
 * ended and its intermediates are deleted; a join on another worker (or after a restart) joins them
 * again from storage. A chunk rendered where no join can take it (no {@link RenderFiles}) is
 * uploaded as one file, as before.
 *
 * <p>Only keys and their order live here; the storage calls are the activities' ({@link
 * ChunkActivitiesImpl#chunkStored}, {@link RenderJobActivitiesImpl#fetchChunk}, {@link
 * RenderJobActivitiesImpl#deleteIntermediates}), as for every other render primitive.
 */
public final class StoredChunks {
  private StoredChunks() {}

  /** The key of one segment of the chunk stored under {@code chunkKey}. */
  public static String segmentKey(String chunkKey, FrameRange segment) {
    return segmentPrefix(chunkKey) + segment.from() + "+" + segment.frames() + ".mp4";
  }

  /**
   * The key of the poster JPEG a chunk made from the segment holding the render's poster frame
   * ({@link Posters#frameOf}), beside its segments.
   */
  public static String posterKey(String chunkKey) {
    return segmentPrefix(chunkKey).replaceFirst("segments/$", "poster.jpg");
  }

  public static String segmentPrefix(String chunkKey) {
    String base =
        chunkKey.endsWith(".mp4") ? chunkKey.substring(0, chunkKey.length() - 4) : chunkKey;
    return base + "/segments/";
  }

  /**
   * The keys of the stored segments that hold exactly the chunk's frames, in order; empty when they
   * do not (some missing, a gap, or none). {@code listed}: the keys stored under {@link
   * #segmentPrefix}.
   */
  public static Optional<List<String>> segmentsOf(
      List<String> listed, String chunkKey, ChunkSpec chunk) {
    String prefix = segmentPrefix(chunkKey);
    record Piece(String key, long from, long frames) {}
    List<Piece> pieces = new ArrayList<>();
    for (String key : listed) {
      if (!key.startsWith(prefix)) {
        continue;
      }
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
