package io.renderowl.activities;

import io.renderowl.activities.media.EspeakNarrator;
import io.renderowl.activities.media.ProceduralPictures;
import io.renderowl.infra.storage.ObjectStore;
import io.renderowl.workflows.Aspect;
import io.renderowl.workflows.MediaActivities;
import io.renderowl.workflows.Narration;
import io.renderowl.workflows.Scene;
import io.renderowl.workflows.Visual;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Offline media: procedural scene pictures and espeak-ng speech, stored under the run's prefix in
 * object storage. Deterministic, so a retried call overwrites the same object with the same bytes.
 */
final class OfflineMediaActivities implements MediaActivities {
  private final ProceduralPictures pictures = new ProceduralPictures();
  private final EspeakNarrator narrator;
  private final ObjectStore store;

  OfflineMediaActivities(EspeakNarrator narrator, ObjectStore store) {
    this.narrator = narrator;
    this.store = store;
  }

  @Override
  public Visual sourceVisual(String runId, Scene scene, Aspect aspect) {
    Path dir = tempDir(runId);
    try {
      Path png = dir.resolve("visual-" + scene.index() + ".png");
      pictures.writePng(pictures.draw(scene.visualPrompt(), scene, aspect.width(), aspect.height()), png);
      String key = ObjectKeys.sceneAsset(runId, scene.index(), "visual.png");
      store.put(key, png, "image/png");
      return new Visual(scene.index(), key, aspect.width(), aspect.height(), "offline:procedural");
    } finally {
      TempFiles.deleteRecursively(dir);
    }
  }

  @Override
  public Narration narrate(String runId, Scene scene, String voice) {
    Path dir = tempDir(runId);
    try {
      EspeakNarrator.Speech speech = narrator.speak(scene.text(), voice, dir.resolve("voice-" + scene.index() + ".wav"));
      String key = ObjectKeys.sceneAsset(runId, scene.index(), "voice.wav");
      store.put(key, speech.wav(), "audio/wav");
      return new Narration(scene.index(), key, speech.durationSeconds(), "offline:espeak-ng");
    } finally {
      TempFiles.deleteRecursively(dir);
    }
  }

  private static Path tempDir(String runId) {
    try {
      return Files.createTempDirectory("renderowl-" + runId + "-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary folder", e);
    }
  }
}
