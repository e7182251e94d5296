package io.renderowl.infra.pipeline;

/**
 * A render that was started, or found again by its idempotency key.
 *
 * @param render the render as it stands
 * @param created false when the same key had already started it
 */
public record StartedRender(RenderView render, boolean created) {}
