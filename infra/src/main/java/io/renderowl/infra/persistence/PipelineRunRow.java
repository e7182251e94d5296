package io.renderowl.infra.persistence;

import io.renderowl.workflows.RunState;
import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code pipeline_runs}: one pipeline run (Temporal workflow) and where it stands.
 *
 * @param runId the workflow id
 * @param requestJson the submitted request as JSON
 * @param status where the run stands
 * @param stage current or last stage label ("script", "render", ...)
 * @param outputKey object key of the rendered MP4, else null
 * @param completedAt when the run ended (completed or failed), else null
 */
public record PipelineRunRow(
    String runId,
    UUID userId,
    UUID projectId,
    UUID timelineId,
    UUID renderId,
    String topic,
    String requestJson,
    RunState status,
    String stage,
    String message,
    String errorMessage,
    String outputKey,
    Instant createdAt,
    Instant updatedAt,
    Instant completedAt) {

  /** Whether the run has ended, completed or failed. */
  public boolean finished() {
    return status.finished();
  }
}
