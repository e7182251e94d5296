package io.renderowl.activities.visuals;

import io.renderowl.activities.provider.ActivityAttempt;
import io.renderowl.activities.storage.ObjectKeys;
import io.renderowl.activities.storage.TempFiles;
import io.renderowl.infra.storage.ObjectStore;
import io.renderowl.workflows.Aspect;
import io.renderowl.workflows.Scene;
import io.renderowl.workflows.Visual;
import io.renderowl.workflows.VisualActivities;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The visual of one scene: the first source of the chain with a result (user assets, stock,
 * generated or procedural), stored under the run's prefix in object storage. Provider failures
 * arrive as classified Temporal failures (see io.renderowl.activities.provider.ProviderHttp).
 */
public final class VisualActivitiesImpl implements VisualActivities {
  private final VisualChain visuals;
  private final ObjectStore store;

  public VisualActivitiesImpl(VisualChain visuals, ObjectStore store) {
    this.visuals = visuals;
    this.store = store;
  }

  @Override
  public Visual sourceVisual(String runId, Scene scene, Aspect aspect) {
    VisualSource.Found found = visuals.find(runId, scene, aspect, ActivityAttempt.current());
    Path dir = TempFiles.runDir(runId);
    try {
      String name = "visual." + found.media().extension();
      Path file = Files.write(dir.resolve(name), found.media().bytes());
      String key = ObjectKeys.sceneAsset(runId, scene.index(), name);
      store.put(key, file, found.media().contentType());
      return new Visual(
          scene.index(),
          key,
          found.width(),
          found.height(),
          found.provider(),
          found.media().mediaType(),
          found.attribution());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the visual of scene " + scene.index(), e);
    } finally {
      TempFiles.deleteRecursively(dir);
    }
  }
}
