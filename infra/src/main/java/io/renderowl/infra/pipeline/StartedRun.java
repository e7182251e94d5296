package io.renderowl.infra.pipeline;

/**
 * A run that was started, or found.
 *
 * @param runId the workflow id
 * @param created false when the same request had already started this run
 */
public record StartedRun(String runId, boolean created) {}
