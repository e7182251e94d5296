package io.renderowl.api.internal;

import io.renderowl.api.internal.RendersController.RenderStatusView;
import io.renderowl.api.internal.TimelineViews.TimelineView;
import io.renderowl.infra.pipeline.RenderOrder;
import io.renderowl.infra.pipeline.Renders;
import io.renderowl.infra.pipeline.StoredTimeline;
import io.renderowl.infra.pipeline.Timelines;
import io.renderowl.infra.templates.MergeFields;
import io.renderowl.infra.templates.NewTemplate;
import io.renderowl.infra.templates.StoredTemplate;
import io.renderowl.infra.templates.TemplateEditException;
import io.renderowl.infra.templates.TemplateFieldsJson;
import io.renderowl.infra.templates.TemplatePosters;
import io.renderowl.infra.templates.Templates;
import io.renderowl.workflows.FieldError;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;
import tools.jackson.databind.json.JsonMapper;

/**
 * The seed's {@code /templates}: list (built-ins, public ones and the user's own; filter by {@code
 * category}), read, create (a template body, or {@code timeline_id} to save one of the user's
 * timelines), replace and delete (owner only, {@code If-Match} with the ETag; built-ins and other
 * users' public templates answer {@code 403}), and {@code POST /templates/{id}/use} (alias {@code
 * /instantiate}): merge values into a new timeline, optionally rendered. A missing, unknown or
 * mistyped merge field is a {@code 400} naming each one.
 */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
final class TemplatesController {

  private static final Logger log = LoggerFactory.getLogger(TemplatesController.class);

  private final ObjectProvider<Templates> templates;
  private final ObjectProvider<Timelines> timelines;
  private final ObjectProvider<Renders> renders;
  private final ObjectProvider<TemplatePosters> posters;
  private final JsonMapper json;

  TemplatesController(
      ObjectProvider<Templates> templates,
      ObjectProvider<Timelines> timelines,
      ObjectProvider<Renders> renders,
      ObjectProvider<TemplatePosters> posters,
      JsonMapper json) {
    this.templates = templates;
    this.timelines = timelines;
    this.renders = renders;
    this.posters = posters;
    this.json = json;
  }

  /** A template in a list: everything but its structure. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record TemplateSummaryView(
      String id,
      @Nullable String builtInKey,
      String name,
      @Nullable String category,
      @Nullable String description,
      String resolution,
      boolean builtIn,
      boolean isPublic,
      boolean owned,
      List<Map<String, Object>> fields,
      long version,
      @Nullable String posterUrl,
      Instant createdAt,
      Instant updatedAt) {}

  /** A whole template; {@code version} is also its ETag. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record TemplateView(
      String id,
      @Nullable String builtInKey,
      String name,
      @Nullable String category,
      @Nullable String description,
      String resolution,
      boolean builtIn,
      boolean isPublic,
      boolean owned,
      List<Map<String, Object>> fields,
      JsonNode structure,
      long version,
      @Nullable String posterUrl,
      Instant createdAt,
      Instant updatedAt) {}

  /** What using a template made: the new timeline, and its render when one was asked for. */
  record UsedTemplate(TimelineView timeline, @Nullable RenderStatusView render) {}

  @GetMapping("/templates")
  Paged<TemplateSummaryView> listTemplates(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @RequestParam(required = false) @Nullable Integer page,
      @RequestParam(required = false) @Nullable Integer limit,
      @RequestParam(required = false) @Nullable String category) {
    PageRequest pageRequest = PageRequest.of(page, limit);
    var rows = templates().list(userId, category, pageRequest.offset(), pageRequest.limit());
    return Paged.of(
        rows.rows().stream().map(t -> summary(t, userId)).toList(),
        pageRequest,
        rows.total(),
        requestId);
  }

  @ResponseStatus(HttpStatus.CREATED) // the answer's status, also in the OpenAPI contract
  @PostMapping(path = "/templates", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Envelope<TemplateView>> createTemplate(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @RequestBody JsonNode body) {
    NewTemplate template = read(userId, body);
    StoredTemplate stored = templates().create(userId, template);
    return ResponseEntity.created(URI.create("/api/v1/templates/" + stored.id()))
        .eTag(Versions.etag(stored.version()))
        .body(Envelope.of(view(withPoster(stored), userId), requestId));
  }

  @GetMapping("/templates/{id}")
  ResponseEntity<Envelope<TemplateView>> showTemplate(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @PathVariable String id) {
    StoredTemplate t = withPoster(found(userId, id));
    return ResponseEntity.ok()
        .eTag(Versions.etag(t.version()))
        .body(Envelope.of(view(t, userId), requestId));
  }

  @PutMapping(path = "/templates/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Envelope<TemplateView>> replaceTemplate(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
      @PathVariable String id,
      @RequestBody JsonNode body) {
    long version = Versions.required(ifMatch);
    found(userId, id); // 404 before the body is read: another user's template is unknown
    NewTemplate template = read(userId, body);
    StoredTemplate stored = edit(() -> templates().replace(userId, id, version, template));
    return ResponseEntity.ok()
        .eTag(Versions.etag(stored.version()))
        .body(Envelope.of(view(withPoster(stored), userId), requestId));
  }

  @DeleteMapping("/templates/{id}")
  Envelope<Map<String, Object>> deleteTemplate(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
      @PathVariable String id) {
    long version = Versions.required(ifMatch);
    edit(() -> {
      templates().delete(userId, id, version);
      return id;
    });
    // its posters go with it (those another template still shows stay)
    TemplatePosters drawn = posters.getIfAvailable();
    if (drawn != null) {
      try {
        drawn.forget(java.util.UUID.fromString(id).toString());
      } catch (RuntimeException e) {
        // the template is gone; a poster left behind is cleaned up by no one but costs little
        log.warn("posters of deleted template {} not deleted: {}", id, e.getMessage());
      }
    }
    return Envelope.of(Map.of("id", id, "deleted", true), requestId);
  }

  @ResponseStatus(HttpStatus.CREATED) // the answer's status, also in the OpenAPI contract
  @PostMapping(
      path = {"/templates/{id}/use", "/templates/{id}/instantiate"},
      consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Envelope<UsedTemplate>> useTemplate(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @PathVariable String id,
      @RequestBody JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new ApiException(ApiError.validation("Request body must be a JSON object", List.of()));
    }
    StoredTemplate t = found(userId, id);
    // an unknown preset is refused before the timeline is stored (nothing is created)
    var presetProblem =
        io.renderowl.workflows.timeline.OutputPreset.problem(optionalText(body, "preset"));
    if (presetProblem.isPresent()) {
      throw new ApiException(
          ApiError.validation(
              "Invalid input", List.of(new FieldError("preset", presetProblem.get()))));
    }
    var resolved = MergeFields.resolve(t.fields(), TemplateBodies.merge(body.get("merge"), json));
    if (!resolved.problems().isEmpty()) {
      throw new ApiException(ApiError.validation("Invalid merge values", resolved.problems()));
    }
    JsonNode filled = MergeFields.fill(t.structure(), resolved.values());
    String projectId = optionalText(body, "project_id");
    String name = optionalText(body, "name");
    if (name != null
        && !name.isBlank()
        && filled instanceof tools.jackson.databind.node.ObjectNode o) {
      o.put("name", name.strip());
    }
    var read = TimelineBodies.timeline(filled, json);
    StoredTimeline timeline = timelines().create(userId, projectId, read.document(), read.locked());
    RenderStatusView render = null;
    JsonNode wantsRender = body.get("render");
    if (wantsRender != null && wantsRender.isBoolean() && wantsRender.booleanValue()) {
      render =
          RenderStatusView.of(
              renders()
                  .start(
                      new RenderOrder(
                          userId,
                          timeline.id(),
                          optionalText(body, "preset"),
                          0,
                          null,
                          "template-use:" + timeline.id()))
                  .render());
    }
    return ResponseEntity.created(URI.create(TimelinesController.TIMELINES + "/" + timeline.id()))
        .eTag(Versions.etag(timeline.version()))
        .body(Envelope.of(new UsedTemplate(TimelineView.of(timeline), render), requestId));
  }

  // ---- helpers ----

  /** A template body, or a timeline of the user's saved as one ({@code timeline_id}). */
  private NewTemplate read(String userId, JsonNode body) {
    JsonNode timelineId = body == null ? null : body.get("timeline_id");
    if (timelineId == null || timelineId.isNull()) {
      return TemplateBodies.template(body, json);
    }
    if (!timelineId.isString()) {
      throw new ApiException(
          ApiError.validation(
              "Invalid input", List.of(new FieldError("timeline_id", "must be a string"))));
    }
    StoredTimeline timeline =
        timelines()
            .find(userId, timelineId.asString())
            .orElseThrow(() ->
                new ApiException(
                    ApiError.validation(
                        "Invalid input",
                        List.of(new FieldError("timeline_id", "is not one of your timelines")))));
    return TemplateBodies.fromTimeline(body, json.valueToTree(TimelineView.of(timeline)), json);
  }

  private static @Nullable String optionalText(JsonNode body, String key) {
    JsonNode v = body.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isString()) {
      throw new ApiException(
          ApiError.validation("Invalid input", List.of(new FieldError(key, "must be a string"))));
    }
    return v.asString();
  }

  private StoredTemplate found(String userId, String id) {
    return templates()
        .find(userId, id)
        .orElseThrow(() -> new ApiException(ApiError.notFound("No template '" + id + "'")));
  }

  private static <T> T edit(Supplier<T> change) {
    try {
      return change.get();
    } catch (TemplateEditException e) {
      throw new ApiException(
          switch (e.reason()) {
            case NOT_FOUND -> ApiError.notFound(e.getMessage());
            case READ_ONLY ->
                new ApiError(HttpStatus.FORBIDDEN, "TEMPLATE_READ_ONLY", e.getMessage(), List.of());
            case STALE_VERSION ->
                new ApiError(
                    HttpStatus.PRECONDITION_FAILED,
                    "PRECONDITION_FAILED",
                    e.getMessage(),
                    List.of());
          });
    }
  }

  /**
   * The template with its poster: drawn once per content hash (a cache fill, the first read of a
   * new version pays for it). A poster that cannot be drawn leaves {@code poster_url} empty.
   */
  private StoredTemplate withPoster(StoredTemplate t) {
    TemplatePosters p = posters.getIfAvailable();
    if (t.posterKey() != null || p == null) {
      return t;
    }
    try {
      String key = p.poster(t);
      return new StoredTemplate(
          t.id(),
          t.ownerId(),
          t.builtInKey(),
          t.name(),
          t.category(),
          t.description(),
          t.isPublic(),
          t.resolution(),
          t.fields(),
          t.structure(),
          t.version(),
          t.contentHash(),
          key,
          t.createdAt(),
          t.updatedAt());
    } catch (RuntimeException e) {
      log.warn("template {}: no poster: {}", t.id(), e.getMessage());
      return t;
    }
  }

  private @Nullable String posterUrl(StoredTemplate t) {
    TemplatePosters p = posters.getIfAvailable();
    return t.posterKey() == null || p == null ? null : p.url(t.posterKey());
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> fields(StoredTemplate t) {
    return json.convertValue(TemplateFieldsJson.write(t.fields()), List.class);
  }

  private TemplateSummaryView summary(StoredTemplate t, String userId) {
    return new TemplateSummaryView(
        t.id(),
        t.builtInKey(),
        t.name(),
        t.category(),
        t.description(),
        t.resolution(),
        t.builtIn(),
        t.isPublic(),
        t.ownedBy(userId),
        fields(t),
        t.version(),
        posterUrl(t),
        t.createdAt(),
        t.updatedAt());
  }

  private TemplateView view(StoredTemplate t, String userId) {
    return new TemplateView(
        t.id(),
        t.builtInKey(),
        t.name(),
        t.category(),
        t.description(),
        t.resolution(),
        t.builtIn(),
        t.isPublic(),
        t.ownedBy(userId),
        fields(t),
        t.structure(),
        t.version(),
        posterUrl(t),
        t.createdAt(),
        t.updatedAt());
  }

  private Templates templates() {
    return available(templates, "Templates");
  }

  private Timelines timelines() {
    return available(timelines, "Timelines");
  }

  private Renders renders() {
    return available(renders, "Renders");
  }

  private static <T> T available(ObjectProvider<T> provider, String what) {
    T t = provider.getIfAvailable();
    if (t == null) {
      throw new ApiException(
          ApiError.ofStatus(
              HttpStatus.SERVICE_UNAVAILABLE, what + " are not available in this server"));
    }
    return t;
  }
}
