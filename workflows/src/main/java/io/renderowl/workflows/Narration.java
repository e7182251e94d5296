package io.renderowl.workflows;

import java.util.List;

/**
 * Speech for a scene, stored in object storage.
 *
 * @param sceneIndex the scene it belongs to
 * @param storageKey object key in the asset bucket
 * @param durationSeconds exact length of the audio
 * @param provider e.g. "offline:espeak-ng", "elevenlabs"
 * @param words word timings from the voice provider, or estimated (see {@code timingSource})
 * @param timingSource "provider" when the provider gave them, "estimate" when derived from the text
 *     (empty in histories recorded before word timings existed)
 */
public record Narration(
    int sceneIndex,
    String storageKey,
    double durationSeconds,
    String provider,
    List<WordTiming> words,
    String timingSource) {

  public Narration {
    words = words == null ? List.of() : List.copyOf(words);
    timingSource = timingSource == null ? "" : timingSource;
  }

  /** A narration without word timings. */
  public Narration(int sceneIndex, String storageKey, double durationSeconds, String provider) {
    this(sceneIndex, storageKey, durationSeconds, provider, List.of(), "");
  }
}
