package io.renderowl.workflows;

/**
 * Speech for a scene, stored in object storage as WAV.
 *
 * @param sceneIndex the scene it belongs to
 * @param storageKey object key in the asset bucket
 * @param durationSeconds exact length of the audio
 * @param provider e.g. "offline:espeak-ng"
 */
public record Narration(int sceneIndex, String storageKey, double durationSeconds, String provider) {}
