package io.renderowl.api.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.renderowl.infra.ai.AiStudio;
import io.renderowl.infra.credits.Credits;
import io.renderowl.workflows.Scene;
import io.renderowl.workflows.Script;
import io.temporal.failure.ApplicationFailure;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The seed's {@code /ai} endpoints on the process's configured providers: script styles, voices,
 * image sources, script, script enhancement, scenes and voice. Bad input is a 400, a provider's
 * rate limit a 429, any other provider failure a 502 with the provider's reason.
 */
@RestController
@RequestMapping(path = AiController.PATH, produces = MediaType.APPLICATION_JSON_VALUE)
final class AiController {
  static final String PATH = "/api/v1/ai";

  private final ObjectProvider<AiStudio> studio;
  private final ObjectProvider<Credits> credits;

  AiController(ObjectProvider<AiStudio> studio, ObjectProvider<Credits> credits) {
    this.studio = studio;
    this.credits = credits;
  }

  @GetMapping("/script-styles")
  Envelope<List<AiStudio.StyleInfo>> scriptStyles(
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId) {
    return Envelope.of(call(() -> studio().scriptStyles()), requestId);
  }

  @GetMapping("/voices")
  Envelope<List<AiStudio.VoiceInfo>> voices(
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId) {
    return Envelope.of(call(() -> studio().voices()), requestId);
  }

  @GetMapping("/image-sources")
  Envelope<List<AiStudio.SourceInfo>> imageSources(
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId) {
    return Envelope.of(call(() -> studio().imageSources()), requestId);
  }

  private static final int DEFAULT_SECONDS = 60;
  private static final String SCRIPT_NEEDED = "needs a title and a non-empty list of sentences";

  /** A script as the body gives it; the title may be left out. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record ScriptText(
      @Nullable String title, @NotEmpty(message = SCRIPT_NEEDED) @Nullable List<String> sentences) {
    Script toScript() {
      List<String> lines = new ArrayList<>();
      sentences.forEach(s -> lines.add(s == null ? "" : s));
      return new Script(title == null ? "" : title, lines, "user");
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record ScriptBody(
      @NotBlank(message = "is required") @Nullable String topic,
      @Nullable String style,
      @Nullable Integer durationSeconds,
      @Nullable String language,
      @Nullable String tone) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record EnhanceBody(
      @NotNull(message = SCRIPT_NEEDED) @Valid @Nullable ScriptText script,
      @Nullable String instruction,
      @Nullable String language) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record ScenesBody(
      @NotNull(message = SCRIPT_NEEDED) @Valid @Nullable ScriptText script,
      @Nullable Integer durationSeconds,
      @Nullable String language) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record VoiceBody(
      @NotBlank(message = "is required") @Nullable String text, @Nullable String voice) {}

  @PostMapping(path = "/script", consumes = MediaType.APPLICATION_JSON_VALUE)
  Envelope<Script> script(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @Valid @RequestBody ScriptBody body) {
    return Envelope.of(
        charged(
            userId,
            "writing a script",
            () ->
                studio()
                    .script(
                        userId,
                        body.topic(),
                        optional(body.style()),
                        seconds(body.durationSeconds()),
                        optional(body.language()),
                        optional(body.tone()))),
        requestId);
  }

  @PostMapping(path = "/script/enhance", consumes = MediaType.APPLICATION_JSON_VALUE)
  Envelope<Script> enhance(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @Valid @RequestBody EnhanceBody body) {
    return Envelope.of(
        charged(
            userId,
            "enhancing a script",
            () ->
                studio()
                    .enhance(
                        userId,
                        body.script().toScript(),
                        optional(body.instruction()),
                        optional(body.language()))),
        requestId);
  }

  @PostMapping(path = "/scenes", consumes = MediaType.APPLICATION_JSON_VALUE)
  Envelope<List<Scene>> scenes(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @Valid @RequestBody ScenesBody body) {
    return Envelope.of(
        charged(
            userId,
            "planning scenes",
            () ->
                studio()
                    .scenes(
                        userId,
                        body.script().toScript(),
                        seconds(body.durationSeconds()),
                        optional(body.language()))),
        requestId);
  }

  @PostMapping(path = "/voice", consumes = MediaType.APPLICATION_JSON_VALUE)
  Envelope<AiStudio.Speech> voice(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @Valid @RequestBody VoiceBody body) {
    return Envelope.of(
        charged(
            userId,
            "speaking text",
            () -> studio().voice(userId, body.text(), optional(body.voice()))),
        requestId);
  }

  private AiStudio studio() {
    AiStudio s = studio.getIfAvailable();
    if (s == null) {
      throw new ApiException(
          ApiError.ofStatus(
              HttpStatus.SERVICE_UNAVAILABLE, "AI providers are not configured in this process"));
    }
    return s;
  }

  /** A blank optional text is the same as none. */
  private static @Nullable String optional(@Nullable String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static int seconds(@Nullable Integer durationSeconds) {
    return durationSeconds == null ? DEFAULT_SECONDS : durationSeconds;
  }

  /**
   * One AI call, charged before it runs (refused with 402 when the credits do not cover it) and
   * refunded when it fails; once per request.
   */
  private <T> T charged(String userId, String what, Supplier<T> work) {
    Credits c = credits.getIfAvailable();
    if (c == null) {
      return call(work);
    }
    String key = "ai:" + userId + ":" + UUID.randomUUID();
    c.chargeAiCalls(UUID.fromString(userId), 1, "AI call: " + what, key);
    try {
      return call(work);
    } catch (RuntimeException e) {
      c.refund(key, "the AI call failed");
      throw e;
    }
  }

  private static <T> T call(Supplier<T> work) {
    try {
      return work.get();
    } catch (IllegalArgumentException e) {
      throw new ApiException(ApiError.validation(e.getMessage(), List.of()));
    } catch (ApplicationFailure f) {
      HttpStatus status =
          "ProviderRateLimited".equals(f.getType())
              ? HttpStatus.TOO_MANY_REQUESTS
              : HttpStatus.BAD_GATEWAY;
      throw new ApiException(ApiError.ofStatus(status, f.getOriginalMessage()));
    }
  }
}
