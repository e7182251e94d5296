package io.renderowl.batch.system;

import io.renderowl.infra.storage.ObjectStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes expired intermediate artefacts from object storage: scene assets ({@code
 * runs/RUN/scenes/...}: pictures, narration) and {@code tmp/} objects older than
 * RENDEROWL_CLEANUP_MAX_AGE_DAYS. Rendered MP4s ({@code runs/RUN/renders/}) are kept.
 */
final class ArtefactCleanup implements SystemJobRunner.Task {
  private final ObjectStore store;
  private final Duration maxAge;

  ArtefactCleanup(ObjectStore store, Duration maxAge) {
    this.store = store;
    this.maxAge = maxAge;
  }

  @Override
  public void run(List<String> report) {
    cleanBefore(Instant.now().minus(maxAge), report);
  }

  /** Deletes scene assets and tmp/ objects last written before {@code cutoff}. */
  void cleanBefore(Instant cutoff, List<String> report) {
    List<ObjectStore.StoredObject> expired = new ArrayList<>();
    store.list(
        "runs/",
        o -> {
          if (o.key().contains("/scenes/") && o.lastModified().isBefore(cutoff)) {
            expired.add(o);
          }
        });
    store.list(
        "tmp/",
        o -> {
          if (o.lastModified().isBefore(cutoff)) {
            expired.add(o);
          }
        });
    long bytes = 0;
    for (ObjectStore.StoredObject o : expired) {
      store.delete(o.key());
      bytes += o.size();
    }
    report.add(
        String.format(
            "deleted %d object(s) written before %s, %d bytes freed (%.1f MB); rendered videos kept",
            expired.size(), cutoff, bytes, bytes / 1e6));
  }
}
