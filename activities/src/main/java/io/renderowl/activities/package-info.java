/**
 * Activity implementations: thin adapters that move data between Temporal, object storage and the
 * database, over the plain services in {@code media} (script writing, pictures, speech, rendering)
 * and {@code publish}. {@link io.renderowl.activities.WorkerConfiguration} hosts them on workers.
 */
package io.renderowl.activities;
