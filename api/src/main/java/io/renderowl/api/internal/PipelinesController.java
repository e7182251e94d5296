package io.renderowl.api.internal;

import io.renderowl.infra.pipeline.PipelineRuns;
import io.renderowl.infra.templates.Templates;
import java.net.URI;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Starts pipeline runs and reports their status, for the user the bearer token names. */
@RestController
@RequestMapping(path = PipelinesController.PATH, produces = MediaType.APPLICATION_JSON_VALUE)
final class PipelinesController {

  static final String PATH = "/api/v1/pipelines";

  private final PipelineRuns runs;
  private final ObjectProvider<Templates> templates;

  PipelinesController(PipelineRuns runs, ObjectProvider<Templates> templates) {
    this.runs = runs;
    this.templates = templates;
  }

  @ResponseStatus(HttpStatus.ACCEPTED) // the answer's status, also in the OpenAPI contract
  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Envelope<PipelineAccepted>> start(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @RequestHeader(name = "Idempotency-Key", defaultValue = "") String idempotencyKey,
      @RequestBody JsonNode body) {
    var request = PipelineRequestReader.read(body, userId, idempotencyKey);
    if (request.fromTemplate()) {
      // a template the user cannot read is refused before anything starts
      Templates known = templates.getIfAvailable();
      if (known == null || known.find(userId, request.templateId()).isEmpty()) {
        throw new ApiException(
            ApiError.invalidInput(
                java.util.List.of(
                    new io.renderowl.workflows.FieldError(
                        "template_id", "is not a template you can use"))));
      }
    }
    PipelineAccepted accepted = PipelineAccepted.of(runs.start(request));
    return ResponseEntity.accepted()
        .location(URI.create(accepted.statusUrl()))
        .body(Envelope.of(accepted, requestId));
  }

  @GetMapping("/{id}")
  Envelope<PipelineView> status(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @PathVariable String id) {
    return runs.status(userId, id)
        .map(run -> Envelope.of(PipelineView.of(run), requestId))
        .orElseThrow(() -> new ApiException(ApiError.notFound("No pipeline run '" + id + "'")));
  }
}
