package io.renderowl.workflows;

/**
 * A picture sourced for a scene, stored in object storage.
 *
 * @param sceneIndex the scene it belongs to
 * @param storageKey object key in the asset bucket
 * @param width pixels
 * @param height pixels
 * @param provider e.g. "offline:procedural"
 */
public record Visual(int sceneIndex, String storageKey, int width, int height, String provider) {}
