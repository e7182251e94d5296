package io.renderowl.workflows;

import io.temporal.activity.ActivityInterface;

/**
 * The steps of a chunked render around its chunks. Run on {@link TaskQueues#RENDER_CPU}.
 *
 * <p>Implemented in the activities module's {@code io.renderowl.activities.render} package ({@code
 * RenderJobActivitiesImpl}).
 */
@ActivityInterface
public interface RenderJobActivities {

  /**
   * Loads the stored timeline and validates it (every problem listed, an {@code InvalidInput}
   * failure that is not retried), encodes its whole audio once to object storage, and creates (or
   * finds) the run's renders row.
   */
  PreparedRender prepareRender(RenderRequest request);

  /**
   * Joins the chunks and the audio without re-encoding, stores the MP4 and a poster JPEG, and marks
   * the renders row (and the pipeline run, if any) completed. Idempotent per run.
   */
  RenderResult joinRender(JoinRequest join);

  /** Marks the renders row failed with the reason (a render that failed or was cancelled). */
  void renderFailed(String runId, String reason);

  /**
   * Deletes the intermediates of the run's render (chunks, their segments, the audio track) once
   * the render has ended; the video and its poster stay. Idempotent; nothing is deleted while the
   * render is running again (a retried run).
   *
   * @return the number of objects deleted
   */
  int deleteIntermediates(String runId);
}
