package io.renderowl.infra.persistence;

import io.renderowl.workflows.RenderState;
import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code render_chunks}: one chunk of a chunked render.
 *
 * @param storageKey object key of the finished chunk, else null
 * @param encoder the encoder that rendered it (libx264, h264_nvenc)
 * @param workerIdentity the Temporal worker of the last attempt
 * @param status where the chunk stands (never queued)
 * @param attempts how many times a render of this chunk started
 */
public record RenderChunkRow(
    UUID id,
    UUID renderId,
    int chunkIndex,
    long firstFrame,
    long frameCount,
    String storageKey,
    String encoder,
    String workerIdentity,
    RenderState status,
    int attempts,
    String errorMessage,
    Instant startedAt,
    Instant completedAt) {

  public boolean completed() {
    return status == RenderState.COMPLETED;
  }
}
