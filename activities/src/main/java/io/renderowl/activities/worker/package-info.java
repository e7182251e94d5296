/**
 * The worker process: which provider each stage uses ({@link
 * io.renderowl.activities.worker.Providers}), the activity implementations wired onto the Temporal
 * workers ({@link io.renderowl.activities.worker.PipelineWorkers}) and the AI studio behind {@code
 * /api/v1/ai}.
 */
package io.renderowl.activities.worker;
