package io.renderowl.activities.voice;

import io.renderowl.workflows.Ssml;
import io.renderowl.workflows.WordTiming;
import java.nio.file.Path;
import java.util.List;

/** A voice provider: speaks one scene's text into a file, with word timings. */
public interface Speaker {

  /**
   * Speech written to a file and checked by {@link AudioCheck}.
   *
   * @param file the audio
   * @param contentType its MIME type
   * @param extension file extension ("mp3", "wav")
   * @param durationSeconds decoded length
   * @param words word timings from the start of the file
   * @param timingSource "provider" or "estimate"
   */
  record Speech(
      Path file,
      String contentType,
      String extension,
      double durationSeconds,
      List<WordTiming> words,
      String timingSource) {}

  /**
   * A voice offered to users (the seed's {@code GET /ai/voices}).
   *
   * @param id what to pass as the request's voice
   * @param name display name
   * @param provider who speaks it
   * @param language language or accent, "" if unknown
   * @param previewUrl a sample, "" if none
   */
  record Voice(String id, String name, String provider, String language, String previewUrl) {}

  /** The provider label stored with each narration ("offline:..." for offline ones). */
  String provider();

  /**
   * Speaks {@code text} (which may carry the {@link Ssml} subset) in {@code voice} into {@code
   * dir}.
   */
  Speech speak(String runId, String text, String voice, Path dir);

  /**
   * Speaks {@code text} aiming at about {@code seconds} of speech, so that the scene keeps to its
   * share of the requested duration. A provider that can pace its voice speeds up or slows down
   * within a natural range; the others speak at their own pace.
   */
  default Speech speak(String runId, String text, String voice, Path dir, double seconds) {
    return speak(runId, text, voice, dir);
  }

  /** The voices this provider offers. */
  List<Voice> voices();
}
