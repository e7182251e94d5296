/**
 * Batch and scheduling entry point: {@link io.renderowl.batch.BatchJobsConfiguration} is the only
 * public face; {@code bulk}, {@code channels} and {@code system} implement the contracts of {@code
 * io.renderowl.infra.batch}; {@code launch} starts their Spring Batch jobs through transient
 * database conflicts.
 */
package io.renderowl.batch;
