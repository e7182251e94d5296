package io.renderowl.infra.pipeline;

import io.renderowl.workflows.RunState;
import io.renderowl.workflows.Stage;
import java.time.Instant;

/**
 * Where a run stands.
 *
 * @param runId workflow id
 * @param userId owner
 * @param topic the requested topic
 * @param state where the run stands
 * @param stage current (or last) stage
 * @param percent overall progress 0-100
 * @param message what is happening now, or why it failed
 * @param outputKey object key of the MP4 once rendered, else null
 * @param outputUrl presigned URL of the MP4 once rendered, else null
 * @param createdAt when the run was requested
 * @param updatedAt last change
 */
public record RunStatus(
    String runId,
    String userId,
    String topic,
    RunState state,
    Stage stage,
    int percent,
    String message,
    String outputKey,
    String outputUrl,
    Instant createdAt,
    Instant updatedAt) {

  public boolean finished() {
    return state.finished();
  }
}
