package io.renderowl.activities.worker;

import io.renderowl.activities.script.DeterministicScriptWriter;
import io.renderowl.activities.script.SceneSplitter;
import io.renderowl.activities.voice.Speaker;
import io.renderowl.infra.ai.AiStudio;
import io.renderowl.infra.config.ProviderSettings;
import io.renderowl.workflows.Aspect;
import io.renderowl.workflows.PipelineRequest;
import io.renderowl.workflows.PipelineRequests;
import io.renderowl.workflows.Scene;
import io.renderowl.workflows.Script;
import io.renderowl.workflows.ScriptStyles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** {@link AiStudio} on the configured providers (offline ones where those are selected). */
public final class ProviderAiStudio implements AiStudio {
  private final Providers providers;

  public ProviderAiStudio(Providers providers) {
    this.providers = providers;
  }

  @Override
  public List<StyleInfo> scriptStyles() {
    return ScriptStyles.all().stream()
        .map(s -> new StyleInfo(s.id(), s.name(), s.description(), s.defaultTone()))
        .toList();
  }

  @Override
  public List<VoiceInfo> voices() {
    return providers.speaker().voices().stream()
        .map(v -> new VoiceInfo(v.id(), v.name(), v.provider(), v.language(), v.previewUrl()))
        .toList();
  }

  @Override
  public List<SourceInfo> imageSources() {
    List<SourceInfo> out = new ArrayList<>();
    for (String name : ProviderSettings.VISUAL_PROVIDERS) {
      String kind =
          name.equals("procedural")
              ? "offline"
              : name.equals("user-assets")
                  ? "user"
                  : name.startsWith("pexels") || name.startsWith("pixabay") ? "stock" : "generated";
      out.add(new SourceInfo(name, kind, providers.settings().visuals().contains(name)));
    }
    return out;
  }

  private static PipelineRequest request(
      String userId, String topic, String style, int durationSeconds, String language) {
    PipelineRequest r =
        new PipelineRequest(
            userId,
            topic,
            Aspect.LANDSCAPE,
            durationSeconds,
            "en",
            List.of(),
            "",
            style,
            language,
            null);
    var errors =
        PipelineRequests.validate(r).stream().filter(e -> !e.field().equals("platforms")).toList();
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(
          "invalid request: " + String.join("; ", errors.stream().map(Object::toString).toList()));
    }
    return r;
  }

  @Override
  public Script script(
      String userId,
      String topic,
      String style,
      int durationSeconds,
      String language,
      String tone) {
    PipelineRequest r = request(userId, topic, style, durationSeconds, language);
    ScriptStyles.of(r.style());
    if (providers.scriptWriter() == null) {
      return new DeterministicScriptWriter().write(topic.strip(), durationSeconds);
    }
    return providers.scriptWriter().write("api:" + userId, r, tone);
  }

  @Override
  public Script enhance(String userId, Script script, String instruction, String language) {
    if (script.sentences().isEmpty()) {
      throw new IllegalArgumentException("script: sentences must not be empty");
    }
    if (providers.scriptWriter() == null) {
      throw new IllegalArgumentException(
          "script enhancement needs a chat model: set RENDEROWL_SCRIPT_PROVIDER=openai");
    }
    return providers
        .scriptWriter()
        .enhance("api:" + userId, script, instruction, language == null ? "en" : language);
  }

  @Override
  public List<Scene> scenes(String userId, Script script, int durationSeconds, String language) {
    if (script.sentences().isEmpty()) {
      throw new IllegalArgumentException("script: sentences must not be empty");
    }
    if (providers.scriptWriter() == null) {
      return new SceneSplitter().split(script, durationSeconds);
    }
    return providers
        .scriptWriter()
        .scenes(
            "api:" + userId,
            script,
            request(userId, script.title(), null, durationSeconds, language));
  }

  @Override
  public Speech voice(String userId, String text, String voice) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("text: must not be blank");
    }
    if (text.length() > 5000) {
      throw new IllegalArgumentException(
          "text: at most 5000 characters (got " + text.length() + ")");
    }
    Path dir;
    try {
      dir = Files.createTempDirectory("renderowl-voice-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      Speaker.Speech s = providers.speaker().speak("api:" + userId, text, voice, dir);
      return new Speech(
          Base64.getEncoder().encodeToString(Files.readAllBytes(s.file())),
          s.contentType(),
          s.durationSeconds(),
          s.words(),
          s.timingSource(),
          providers.speaker().provider());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // temp folder
      }
    }
  }
}
