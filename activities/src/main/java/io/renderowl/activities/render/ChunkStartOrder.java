package io.renderowl.activities.render;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The order in which this worker started the chunks of each render: the task queue hands a render's
 * chunk activities out in no fixed order (logs of 34 renders of 4 chunks on one 2-slot worker: the
 * first chunk to finish, one of the first two started, was the 4th in 27), so a chunk's index does
 * not say whether it runs beside others or last. Remembers the most recent {@value #RENDERS}
 * renders; a render forgotten meanwhile starts counting again (its next chunk counts as first:
 * fewer x264 threads, never more than the cores).
 */
final class ChunkStartOrder {
  static final int RENDERS = 256;

  private final Map<String, Integer> started =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
          return size() > RENDERS;
        }
      };

  /**
   * How many chunks of {@code renderId} this worker started before this one (0 for the first); a
   * chunk attempted again counts again.
   */
  synchronized int next(String renderId) {
    int before = started.getOrDefault(renderId, 0);
    started.put(renderId, before + 1);
    return before;
  }
}
