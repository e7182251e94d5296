/**
 * Visuals stage: one picture or clip per scene. Sources (procedural, stock photos and videos,
 * generated images, user assets) implement {@link io.renderowl.activities.visuals.VisualSource};
 * {@link io.renderowl.activities.visuals.VisualChain} tries them in order and {@link
 * io.renderowl.activities.visuals.VisualActivitiesImpl} stores the result in object storage.
 */
package io.renderowl.activities.visuals;
