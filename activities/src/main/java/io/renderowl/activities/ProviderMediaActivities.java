package io.renderowl.activities;

import io.renderowl.activities.providers.Speaker;
import io.renderowl.activities.providers.VisualChain;
import io.renderowl.activities.providers.VisualSource;
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
 * Media of one scene from the configured providers: the first visual source with a result
 * (stock, generated or procedural) and the configured voice, stored under the run's prefix in
 * object storage. Provider failures arrive as classified Temporal failures (see
 * io.renderowl.activities.providers.ProviderHttp).
 */
final class ProviderMediaActivities implements MediaActivities {
  private final VisualChain visuals;
  private final Speaker speaker;
  private final ObjectStore store;

  ProviderMediaActivities(VisualChain visuals, Speaker speaker, ObjectStore store) {
    this.visuals = visuals;
    this.speaker = speaker;
    this.store = store;
  }

  @Override
  public Visual sourceVisual(String runId, Scene scene, Aspect aspect) {
    VisualSource.Found found = visuals.find(runId, scene, aspect);
    Path dir = tempDir(runId);
    try {
      Path file = Files.write(dir.resolve("visual." + found.media().extension()), found.media().bytes());
      String key = ObjectKeys.sceneAsset(runId, scene.index(), "visual." + found.media().extension());
      store.put(key, file, found.media().contentType());
      return new Visual(
          scene.index(), key, found.width(), found.height(), found.provider(), found.media().mediaType(), found.attribution());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the visual of scene " + scene.index(), e);
    } finally {
      TempFiles.deleteRecursively(dir);
    }
  }

  @Override
  public Narration narrate(String runId, Scene scene, String voice) {
    Path dir = tempDir(runId);
    try {
      Speaker.Speech speech = speaker.speak(runId, scene.text(), voice, dir);
      String key = ObjectKeys.sceneAsset(runId, scene.index(), "voice." + speech.extension());
      store.put(key, speech.file(), speech.contentType());
      return new Narration(
          scene.index(), key, speech.durationSeconds(), speaker.provider(), speech.words(), speech.timingSource());
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
