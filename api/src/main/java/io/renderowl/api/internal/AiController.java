package io.renderowl.api.internal;

import io.renderowl.infra.ai.AiStudio;
import io.renderowl.workflows.Scene;
import io.renderowl.workflows.Script;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

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

  AiController(ObjectProvider<AiStudio> studio) {
    this.studio = studio;
  }

  @GetMapping("/script-styles")
  Envelope<List<AiStudio.StyleInfo>> scriptStyles(@RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId) {
    return Envelope.of(call(() -> studio().scriptStyles()), requestId);
  }

  @GetMapping("/voices")
  Envelope<List<AiStudio.VoiceInfo>> voices(@RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId) {
    return Envelope.of(call(() -> studio().voices()), requestId);
  }

  @GetMapping("/image-sources")
  Envelope<List<AiStudio.SourceInfo>> imageSources(@RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId) {
    return Envelope.of(call(() -> studio().imageSources()), requestId);
  }

  @PostMapping(path = "/script", consumes = MediaType.APPLICATION_JSON_VALUE)
  Envelope<Script> script(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @RequestBody JsonNode body) {
    return Envelope.of(
        call(() -> studio().script(userId, text(body, "topic"), optional(body, "style"),
            body.path("durationSeconds").asInt(60), optional(body, "language"), optional(body, "tone"))),
        requestId);
  }

  @PostMapping(path = "/script/enhance", consumes = MediaType.APPLICATION_JSON_VALUE)
  Envelope<Script> enhance(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @RequestBody JsonNode body) {
    return Envelope.of(
        call(() -> studio().enhance(userId, script(body), optional(body, "instruction"), optional(body, "language"))), requestId);
  }

  @PostMapping(path = "/scenes", consumes = MediaType.APPLICATION_JSON_VALUE)
  Envelope<List<Scene>> scenes(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @RequestBody JsonNode body) {
    return Envelope.of(
        call(() -> studio().scenes(userId, script(body), body.path("durationSeconds").asInt(60), optional(body, "language"))),
        requestId);
  }

  @PostMapping(path = "/voice", consumes = MediaType.APPLICATION_JSON_VALUE)
  Envelope<AiStudio.Speech> voice(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @RequestBody JsonNode body) {
    return Envelope.of(call(() -> studio().voice(userId, text(body, "text"), optional(body, "voice"))), requestId);
  }

  private AiStudio studio() {
    AiStudio s = studio.getIfAvailable();
    if (s == null) {
      throw new ApiException(ApiError.ofStatus(HttpStatus.SERVICE_UNAVAILABLE, "AI providers are not configured in this process"));
    }
    return s;
  }

  private static String text(JsonNode body, String field) {
    JsonNode v = body.path(field);
    if (!v.isString() || v.asString().isBlank()) {
      throw new ApiException(ApiError.validation("Invalid input", List.of(new io.renderowl.workflows.FieldError(field, "is required"))));
    }
    return v.asString();
  }

  private static String optional(JsonNode body, String field) {
    JsonNode v = body.path(field);
    return v.isString() && !v.asString().isBlank() ? v.asString() : null;
  }

  private static Script script(JsonNode body) {
    JsonNode s = body.path("script");
    List<String> sentences = new ArrayList<>();
    s.path("sentences").forEach(n -> sentences.add(n.asString("")));
    if (!s.isObject() || sentences.isEmpty()) {
      throw new ApiException(ApiError.validation("Invalid input",
          List.of(new io.renderowl.workflows.FieldError("script", "needs a title and a non-empty list of sentences"))));
    }
    return new Script(s.path("title").asString(""), sentences, "user");
  }

  private static <T> T call(Supplier<T> work) {
    try {
      return work.get();
    } catch (IllegalArgumentException e) {
      throw new ApiException(ApiError.validation(e.getMessage(), List.of()));
    } catch (ApplicationFailure f) {
      HttpStatus status = "ProviderRateLimited".equals(f.getType()) ? HttpStatus.TOO_MANY_REQUESTS : HttpStatus.BAD_GATEWAY;
      throw new ApiException(ApiError.ofStatus(status, f.getOriginalMessage()));
    }
  }
}
