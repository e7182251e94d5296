package io.renderowl.api.internal;

import io.renderowl.workflows.Aspect;
import io.renderowl.workflows.FieldError;
import io.renderowl.workflows.PipelineRequest;
import io.renderowl.workflows.PipelineRequests;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads the body of {@code POST /api/v1/pipelines} into a {@link PipelineRequest}, filling in
 * defaults and reporting every problem at once: wrong JSON types and unknown fields here, the rest
 * through {@link PipelineRequests#validate}.
 */
final class PipelineRequestReader {

  static final String DEFAULT_ASPECT = Aspect.VERTICAL.label();
  static final int DEFAULT_DURATION = 30;
  static final String DEFAULT_VOICE = "en";
  static final List<String> DEFAULT_PLATFORMS = List.of("local-folder");
  private static final Set<String> FIELDS =
      Set.of(
          "topic",
          "aspect",
          "duration",
          "voice",
          "platforms",
          "style",
          "language",
          "quality",
          "accounts",
          "publish_at",
          "template_id",
          "callback_url");

  private final JsonNode body;
  private final List<FieldError> errors = new ArrayList<>();

  private PipelineRequestReader(JsonNode body) {
    this.body = body;
  }

  /**
   * The request the body describes.
   *
   * @throws ApiException a validation error listing every problem with the body
   */
  static PipelineRequest read(JsonNode body, String userId, String idempotencyKey) {
    if (!body.isObject()) {
      throw new ApiException(ApiError.validation("Request body must be a JSON object", List.of()));
    }
    PipelineRequestReader reader = new PipelineRequestReader(body);
    PipelineRequest request =
        new PipelineRequest(
                userId,
                reader.string("topic", null),
                reader.aspect(),
                reader.duration(),
                reader.string("voice", DEFAULT_VOICE),
                reader.platforms(),
                idempotencyKey,
                reader.string("style", PipelineRequest.DEFAULT_STYLE),
                reader.string("language", PipelineRequest.DEFAULT_LANGUAGE),
                reader.string("quality", PipelineRequest.QUALITY_FULL))
            .withAccounts(reader.accounts(), reader.string("publish_at", ""))
            .withTemplate(reader.string("template_id", ""))
            .withCallback(reader.string("callback_url", ""));
    reader.rejectUnknownFields();
    List<FieldError> problems = reader.withValidationOf(request);
    if (!problems.isEmpty()) {
      throw new ApiException(ApiError.invalidInput(problems));
    }
    return request;
  }

  private @Nullable String string(String field, @Nullable String defaultValue) {
    JsonNode node = body.get(field);
    if (absent(node)) {
      return defaultValue;
    }
    if (!node.isString()) {
      errors.add(new FieldError(field, "must be a string"));
      return defaultValue;
    }
    return node.stringValue();
  }

  private @Nullable Aspect aspect() {
    String label = string("aspect", DEFAULT_ASPECT);
    try {
      return Aspect.parse(label);
    } catch (IllegalArgumentException e) {
      errors.add(new FieldError("aspect", e.getMessage()));
      return null;
    }
  }

  /** Whole seconds; numbers too large for an int saturate, so validation reports the range. */
  private int duration() {
    JsonNode node = body.get("duration");
    if (absent(node)) {
      return DEFAULT_DURATION;
    }
    if (!node.isIntegralNumber()) {
      errors.add(new FieldError("duration", "must be a whole number of seconds"));
      return DEFAULT_DURATION;
    }
    if (node.canConvertToInt()) {
      return node.intValue();
    }
    return node.bigIntegerValue().signum() > 0 ? Integer.MAX_VALUE : Integer.MIN_VALUE;
  }

  private List<String> platforms() {
    JsonNode node = body.get("platforms");
    if (absent(node)) {
      return DEFAULT_PLATFORMS;
    }
    if (!node.isArray() || !node.valueStream().allMatch(JsonNode::isString)) {
      errors.add(new FieldError("platforms", "must be an array of strings"));
      return DEFAULT_PLATFORMS;
    }
    return node.valueStream().map(JsonNode::stringValue).toList();
  }

  /** Connected social accounts to post the video to (ids); none by default. */
  private List<String> accounts() {
    JsonNode node = body.get("accounts");
    if (absent(node)) {
      return List.of();
    }
    if (!node.isArray() || !node.valueStream().allMatch(JsonNode::isString)) {
      errors.add(new FieldError("accounts", "must be an array of account ids"));
      return List.of();
    }
    return node.valueStream().map(JsonNode::stringValue).toList();
  }

  private void rejectUnknownFields() {
    body.propertyNames().stream()
        .filter(name -> !FIELDS.contains(name))
        .sorted()
        .forEach(name -> errors.add(new FieldError(name, "is not a known field")));
  }

  /** This reader's errors, then validation's errors for fields this reader found no fault with. */
  private List<FieldError> withValidationOf(PipelineRequest request) {
    Set<String> faulted = errors.stream().map(FieldError::field).collect(Collectors.toSet());
    List<FieldError> all = new ArrayList<>(errors);
    PipelineRequests.validate(request).stream()
        .filter(e -> !faulted.contains(e.field()))
        .forEach(all::add);
    return all;
  }

  private static boolean absent(@Nullable JsonNode node) {
    return node == null || node.isNull();
  }
}
