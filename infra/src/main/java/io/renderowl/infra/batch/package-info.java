/**
 * Contracts of the batch and scheduling services (bulk batches, autopilot channels, system jobs)
 * that entry points use; the batch-jobs module implements them.
 */
package io.renderowl.infra.batch;
