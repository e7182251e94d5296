package io.renderowl.infra.ai;

import io.renderowl.workflows.Scene;
import io.renderowl.workflows.Script;
import io.renderowl.workflows.WordTiming;
import java.util.List;

/**
 * The AI helpers the REST API offers outside a pipeline run (the seed's {@code /ai/*}): script
 * styles, voices, image sources, script writing and enhancement, scene planning and speech. The
 * worker's configured providers implement it; usage is recorded under "api:{userId}".
 */
public interface AiStudio {

  /** A script style. */
  record StyleInfo(String id, String name, String description, String defaultTone) {}

  /** A voice that can be passed as a request's voice. */
  record VoiceInfo(String id, String name, String provider, String language, String previewUrl) {}

  /**
   * A visual source.
   *
   * @param id the name used in RENDEROWL_VISUAL_PROVIDERS
   * @param kind "stock", "generated" or "offline"
   * @param enabled whether this process uses it
   */
  record SourceInfo(String id, String kind, boolean enabled) {}

  /**
   * Speech of a text.
   *
   * @param audioBase64 the audio bytes, base64
   * @param contentType their type
   * @param durationSeconds decoded length
   * @param words word timings
   * @param timingSource "provider" or "estimate"
   * @param provider who spoke it
   */
  record Speech(
      String audioBase64,
      String contentType,
      double durationSeconds,
      List<WordTiming> words,
      String timingSource,
      String provider) {}

  List<StyleInfo> scriptStyles();

  List<VoiceInfo> voices();

  List<SourceInfo> imageSources();

  Script script(
      String userId, String topic, String style, int durationSeconds, String language, String tone);

  Script enhance(String userId, Script script, String instruction, String language);

  List<Scene> scenes(String userId, Script script, int durationSeconds, String language);

  Speech voice(String userId, String text, String voice);
}
