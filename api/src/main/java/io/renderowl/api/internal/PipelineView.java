package io.renderowl.api.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.renderowl.infra.pipeline.RunStatus;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A run's status as the API shows it.
 *
 * @param id the run id
 * @param status queued, running, completed or failed
 * @param stage the current (or last) stage, lower case
 * @param progress overall progress in percent
 * @param message what is happening now, or why the run failed
 * @param topic the requested topic
 * @param outputUrl presigned URL of the video once rendered, else null
 * @param createdAt when the run was requested
 * @param updatedAt last change
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
record PipelineView(
    String id,
    String status,
    @Nullable String stage,
    int progress,
    @Nullable String message,
    String topic,
    @Nullable String outputUrl,
    Instant createdAt,
    Instant updatedAt) {

  static PipelineView of(RunStatus run) {
    return new PipelineView(
        run.runId(),
        run.state().label(),
        run.stage() == null ? null : run.stage().label(),
        run.percent(),
        run.message(),
        run.topic(),
        run.outputUrl(),
        run.createdAt(),
        run.updatedAt());
  }
}
