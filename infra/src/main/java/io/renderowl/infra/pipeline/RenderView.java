package io.renderowl.infra.pipeline;

import io.renderowl.workflows.RenderState;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Where a render stands.
 *
 * @param id renders.id
 * @param runId the render workflow's id
 * @param progress percent, from the chunks' frames while rendering
 * @param chunksDone chunks rendered
 * @param chunksStarted chunks that have started (or ended)
 * @param outputUrl a presigned URL of the MP4 once completed
 * @param posterUrl a presigned URL of the poster JPEG once completed
 * @param error why it failed or was cancelled
 */
public record RenderView(
    String id,
    String runId,
    String timelineId,
    RenderState status,
    int progress,
    String preset,
    int chunksDone,
    int chunksStarted,
    @Nullable String outputUrl,
    @Nullable String posterUrl,
    @Nullable String error,
    @Nullable String callbackUrl,
    Instant createdAt,
    @Nullable Instant startedAt,
    @Nullable Instant completedAt) {}
