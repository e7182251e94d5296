package io.renderowl.infra.pipeline;

import org.jspecify.annotations.Nullable;

/**
 * A render asked for over the API.
 *
 * @param preset "preview" (fast, small) or the timeline's own resolution ("1080x1920"); null for
 *     the latter
 * @param chunks number of chunks, 0 for the workers' setting
 * @param callbackUrl where the completion is reported, stored on the row
 * @param idempotencyKey the same key (per user) finds the same render; blank for a new one
 */
public record RenderOrder(
    String userId,
    String timelineId,
    @Nullable String preset,
    int chunks,
    @Nullable String callbackUrl,
    String idempotencyKey) {}
