package io.renderowl.batch.system;

import io.renderowl.infra.storage.ObjectStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Deletes expired intermediate artefacts from object storage, objects older than
 * RENDEROWL_CLEANUP_MAX_AGE_DAYS: scene assets ({@code runs/RUN/scenes/...}: pictures, narration),
 * render intermediates ({@code runs/RUN/renders/RENDER/...}: chunks, their segments, the audio
 * track) and {@code tmp/} objects. Rendered videos and their posters ({@code
 * runs/RUN/renders/RENDER.mp4} and {@code .jpg}) are kept.
 *
 * <p>A render deletes its own intermediates once it has ended (a retried child workflow); this job
 * is the backstop for what that did not reach (deletions given up on, renders from before it).
 */
final class ArtefactCleanup implements SystemJobRunner.Task {
  /** An object inside a render's folder, not the video or poster beside the folder. */
  private static final Pattern RENDER_INTERMEDIATE = Pattern.compile("runs/[^/]+/renders/[^/]+/.+");

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

  /**
   * Deletes scene assets, render intermediates and tmp/ objects last written before {@code cutoff}.
   */
  void cleanBefore(Instant cutoff, List<String> report) {
    List<ObjectStore.StoredObject> expired = new ArrayList<>();
    int[] scenes = {0};
    int[] intermediates = {0};
    store.list(
        "runs/",
        o -> {
          if (!o.lastModified().isBefore(cutoff)) {
            return;
          }
          if (o.key().contains("/scenes/")) {
            expired.add(o);
            scenes[0]++;
          } else if (RENDER_INTERMEDIATE.matcher(o.key()).matches()) {
            expired.add(o);
            intermediates[0]++;
          }
        });
    List<ObjectStore.StoredObject> tmp = new ArrayList<>();
    store.list(
        "tmp/",
        o -> {
          if (o.lastModified().isBefore(cutoff)) {
            tmp.add(o);
          }
        });
    expired.addAll(tmp);
    long bytes = 0;
    for (ObjectStore.StoredObject o : expired) {
      store.delete(o.key());
      bytes += o.size();
    }
    report.add(
        String.format(
            "deleted %d object(s) written before %s (%d scene asset(s), %d render"
                + " intermediate(s), %d tmp object(s)), %d bytes freed (%.1f MB); rendered videos"
                + " and posters kept",
            expired.size(), cutoff, scenes[0], intermediates[0], tmp.size(), bytes, bytes / 1e6));
  }
}
