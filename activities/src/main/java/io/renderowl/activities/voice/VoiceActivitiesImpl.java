package io.renderowl.activities.voice;

import io.renderowl.activities.storage.ObjectKeys;
import io.renderowl.activities.storage.TempFiles;
import io.renderowl.infra.storage.ObjectStore;
import io.renderowl.workflows.Narration;
import io.renderowl.workflows.Scene;
import io.renderowl.workflows.VoiceActivities;
import java.nio.file.Path;

/** Speaks one scene with the configured speaker and stores the speech under the run's prefix. */
public final class VoiceActivitiesImpl implements VoiceActivities {
  private final Speaker speaker;
  private final ObjectStore store;

  public VoiceActivitiesImpl(Speaker speaker, ObjectStore store) {
    this.speaker = speaker;
    this.store = store;
  }

  @Override
  public Narration narrate(String runId, Scene scene, String voice) {
    Path dir = TempFiles.runDir(runId);
    try {
      Speaker.Speech speech = speaker.speak(runId, scene.text(), voice, dir, speechSeconds(scene));
      String key = ObjectKeys.sceneAsset(runId, scene.index(), "voice." + speech.extension());
      store.put(key, speech.file(), speech.contentType());
      return new Narration(
          scene.index(),
          key,
          speech.durationSeconds(),
          speaker.provider(),
          speech.words(),
          speech.timingSource());
    } finally {
      TempFiles.deleteRecursively(dir);
    }
  }

  /** The time a scene has for its speech: its share of the video less the narration margin. */
  public static double speechSeconds(Scene scene) {
    return Math.max(1.0, scene.targetSeconds() - Scene.NARRATION_MARGIN_SECONDS);
  }
}
