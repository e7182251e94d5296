/**
 * Offline media services, framework-free: a deterministic script writer and scene splitter,
 * procedural pictures, espeak-ng narration and the timeline-to-MP4 renderer. Activity
 * implementations adapt these to Temporal and object storage.
 */
package io.renderowl.activities.media;
