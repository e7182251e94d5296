package io.renderowl.infra.pipeline;

import java.time.Duration;
import java.util.List;

/**
 * Renders and publications whose Temporal execution is gone (not found, terminated, timed out,
 * cancelled, or closed without recording their end): nothing will ever move them on, so the system
 * reaper closes them with the reason instead of leaving them {@code rendering} or {@code uploading}
 * forever. Rows younger than {@code grace} are left alone (a render's row is written just before
 * its workflow starts).
 */
public interface OrphanedWork {

  /**
   * Marks failed every queued or rendering render older than {@code grace} none of whose workflows
   * (the render's own, or the run's and its render child) is running.
   *
   * @return one line per render marked: "RENDER_ID (run RUN_ID): reason"
   */
  List<String> failOrphanedRenders(Duration grace);

  /**
   * Closes every scheduled, uploading or processing publication older than {@code grace} whose
   * publishing workflow is not running: a scheduled one (nothing was sent) is marked failed; one
   * caught uploading or processing is marked unconfirmed, as the platform may hold the video and it
   * must not be posted again on its own.
   *
   * @return one line per publication closed: "PUBLICATION_ID (run RUN_ID, PLATFORM): state: reason"
   */
  List<String> closeOrphanedPublications(Duration grace);
}
