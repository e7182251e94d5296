package io.renderowl.activities.render;

import java.util.ArrayList;
import java.util.List;

/**
 * Video frames {@code [from, to)} of a timeline; frame {@code n} shows the timeline at {@code n /
 * fps} seconds.
 *
 * @param from first frame, &gt;= 0
 * @param to one past the last frame, &gt; from
 */
public record FrameRange(long from, long to) {

  public FrameRange {
    if (from < 0 || to <= from) {
      throw new IllegalArgumentException(
          "frame range must satisfy 0 <= from < to (got [" + from + ", " + to + "))");
    }
  }

  /** Number of frames. */
  public long frames() {
    return to - from;
  }

  /**
   * Cuts {@code [0, totalFrames)} into {@code count} consecutive ranges of nearly equal length (the
   * first ones one frame longer when it does not divide); fewer when there are fewer frames.
   */
  public static List<FrameRange> split(long totalFrames, int count) {
    if (totalFrames < 1 || count < 1) {
      throw new IllegalArgumentException(
          "need totalFrames >= 1 and count >= 1 (got " + totalFrames + ", " + count + ")");
    }
    int chunks = (int) Math.min(count, totalFrames);
    List<FrameRange> ranges = new ArrayList<>(chunks);
    long from = 0;
    for (int i = 0; i < chunks; i++) {
      long length = totalFrames / chunks + (i < totalFrames % chunks ? 1 : 0);
      ranges.add(new FrameRange(from, from + length));
      from += length;
    }
    return List.copyOf(ranges);
  }

  /**
   * Cuts {@code [0, totalFrames)} into ranges of {@code chunkFrames} frames, the last one shorter.
   */
  public static List<FrameRange> ofSize(long totalFrames, long chunkFrames) {
    if (totalFrames < 1 || chunkFrames < 1) {
      throw new IllegalArgumentException(
          "need totalFrames >= 1 and chunkFrames >= 1 (got "
              + totalFrames
              + ", "
              + chunkFrames
              + ")");
    }
    List<FrameRange> ranges = new ArrayList<>();
    for (long from = 0; from < totalFrames; from += chunkFrames) {
      ranges.add(new FrameRange(from, Math.min(totalFrames, from + chunkFrames)));
    }
    return List.copyOf(ranges);
  }
}
