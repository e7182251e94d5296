package io.renderowl.activities.publish;

import java.util.Map;
import java.util.Optional;

/**
 * An upload's checkpoints: the activity heartbeats them, and a retried attempt (after a crash, a
 * cut connection, a 5xx) starts from the last one instead of byte 0.
 */
public interface UploadProgress {

  /** The last checkpoint of an earlier attempt, if any. */
  Optional<Map<String, String>> resumed();

  /** Records a checkpoint (session, offset) after a chunk. */
  void save(Map<String, String> checkpoint);

  /** Checkpoints kept in memory (benchmarks and tests of one publisher). */
  static UploadProgress inMemory() {
    return new UploadProgress() {
      private Map<String, String> last;

      @Override
      public Optional<Map<String, String>> resumed() {
        return Optional.ofNullable(last);
      }

      @Override
      public void save(Map<String, String> checkpoint) {
        last = Map.copyOf(checkpoint);
      }
    };
  }
}
