package io.renderowl.infra.persistence;

import io.renderowl.workflows.RenderState;
import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code renders}.
 *
 * @param runId the pipeline run that asked for it (engine column), else null
 * @param status where the render stands
 * @param progress percent, 0-100
 * @param completedAt when it ended, completed or failed
 */
public record RenderRow(
    UUID id,
    String runId,
    UUID timelineId,
    UUID userId,
    RenderState status,
    int progress,
    String preset,
    String outputUrl,
    String errorMessage,
    int creditsUsed,
    Instant startedAt,
    Instant completedAt,
    Instant createdAt) {}
