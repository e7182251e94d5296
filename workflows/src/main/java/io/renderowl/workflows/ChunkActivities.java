package io.renderowl.workflows;

import io.temporal.activity.ActivityInterface;

/**
 * Renders one chunk. Polled on {@link TaskQueues#RENDER_GPU} by workers that can open h264_nvenc
 * and on {@link TaskQueues#RENDER_CPU} by the others.
 *
 * <p>Implemented in the activities module's {@code io.renderowl.activities.render} package ({@code
 * ChunkActivitiesImpl}).
 */
@ActivityInterface
public interface ChunkActivities {

  /**
   * Renders the chunk's frames to a closed-GOP, video-only H.264 file in object storage, records it
   * in render_chunks, and heartbeats its progress (frames of this chunk drawn, and stored in
   * segments of about 2 s). A retried attempt resumes after the segments the last heartbeat
   * recorded as stored. A chunk already recorded as finished is returned without rendering. Stops
   * at its next heartbeat when the render is cancelled.
   */
  ChunkResult renderChunk(ChunkRequest request);
}
