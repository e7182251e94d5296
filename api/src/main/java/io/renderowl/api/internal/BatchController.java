package io.renderowl.api.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.renderowl.infra.batch.BatchProgress;
import io.renderowl.infra.batch.BatchSubmitted;
import io.renderowl.infra.batch.BulkBatches;
import io.renderowl.infra.batch.RowDefaults;
import io.renderowl.infra.batch.SkipReportCsv;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The seed's {@code /api/v1/batch}: {@code POST} a JSON body {@code {"name": ..., "items": [{topic,
 * style, voice, aspect, duration, platforms, quality, language}, ...]}} (or a CSV body as {@code
 * text/csv}), {@code GET /{id}} for counts, per-row outcomes and the skip report, {@code GET
 * /{id}/skipped.csv} for the skip report as a spreadsheet-safe CSV. An optional {@code
 * callback_url} (in the JSON body, or as a query parameter with CSV) receives the batch's end once,
 * as a signed completion callback with the counts.
 */
@RestController
@RequestMapping(path = BatchController.PATH, produces = MediaType.APPLICATION_JSON_VALUE)
final class BatchController {

  static final String PATH = "/api/v1/batch";

  private final ObjectProvider<BulkBatches> batches;
  private final JsonMapper json;

  BatchController(ObjectProvider<BulkBatches> batches, JsonMapper json) {
    this.batches = batches;
    this.json = json;
  }

  /**
   * A JSON batch: the rows stay JSON, as the batch job reads and validates each one itself (bad
   * rows are skipped and reported, not refused here).
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record BatchBody(
      @Nullable String name,
      @NotEmpty(message = "must be a non-empty array of rows") @Nullable List<JsonNode> items,
      @com.fasterxml.jackson.annotation.JsonProperty("callback_url")
          @jakarta.validation.constraints.Size(
              max = 2048,
              message = "must be at most 2048 characters")
          @Nullable String callbackUrl) {}

  @ResponseStatus(HttpStatus.ACCEPTED) // the answer's status, also in the OpenAPI contract
  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Envelope<Map<String, Object>>> create(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @Valid @RequestBody BatchBody body) {
    StringBuilder jsonl = new StringBuilder();
    body.items().forEach(item -> jsonl.append(json.writeValueAsString(item)).append('\n'));
    String name = body.name() == null ? "api batch" : body.name();
    return accepted(
        service()
            .submit(
                userId,
                name,
                "jsonl",
                jsonl.toString().getBytes(StandardCharsets.UTF_8),
                RowDefaults.standard(),
                body.callbackUrl()),
        requestId);
  }

  @ResponseStatus(HttpStatus.ACCEPTED) // the answer's status, also in the OpenAPI contract
  @PostMapping(consumes = "text/csv")
  ResponseEntity<Envelope<Map<String, Object>>> createFromCsv(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @RequestParam(name = "name", defaultValue = "api batch") String name,
      @RequestParam(name = "callback_url", required = false) @Nullable String callbackUrl,
      @RequestBody String csv) {
    try {
      return accepted(
          service()
              .submit(
                  userId,
                  name,
                  "csv",
                  csv.getBytes(StandardCharsets.UTF_8),
                  RowDefaults.standard(),
                  callbackUrl),
          requestId);
    } catch (io.renderowl.infra.pipeline.InvalidRequestException e) {
      throw e; // one detail per field (callback_url)
    } catch (IllegalArgumentException e) {
      throw new ApiException(ApiError.validation(e.getMessage(), List.of()));
    }
  }

  @GetMapping("/{id}")
  Envelope<BatchView> status(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @PathVariable String id,
      @RequestParam(name = "page", defaultValue = "1") int page,
      @RequestParam(name = "limit", defaultValue = "100") int limit) {
    int l = Math.clamp(limit, 0, 1000);
    int offset = Math.max(0, page - 1) * l;
    return service()
        .status(userId, id, offset, l)
        .map(s -> Envelope.of(BatchView.of(s), requestId))
        .orElseThrow(() -> new ApiException(ApiError.notFound("No batch '" + id + "'")));
  }

  /**
   * The batch's skip report as CSV ({@code line,topic,reason}), safe to open in a spreadsheet:
   * cells that could start a formula get a leading {@code '} ({@link SkipReportCsv}).
   */
  @GetMapping(path = "/{id}/skipped.csv", produces = "text/csv")
  ResponseEntity<String> skippedCsv(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId, @PathVariable String id) {
    BatchProgress batch =
        service()
            .status(userId, id, 0, 0)
            .orElseThrow(() -> new ApiException(ApiError.notFound("No batch '" + id + "'")));
    return ResponseEntity.ok()
        .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment()
                .filename("batch-" + batch.id() + "-skipped.csv")
                .build()
                .toString())
        .body(SkipReportCsv.of(batch.skipReport()));
  }

  @PostMapping("/{id}/resume")
  Envelope<Map<String, Object>> resume(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @PathVariable String id) {
    if (service().status(userId, id, 0, 0).isEmpty()) {
      throw new ApiException(ApiError.notFound("No batch '" + id + "'"));
    }
    try {
      return Envelope.of(Map.of("id", id, "resumed", service().resume(id)), requestId);
    } catch (NoSuchElementException e) {
      throw new ApiException(ApiError.notFound("No batch '" + id + "'"));
    }
  }

  private ResponseEntity<Envelope<Map<String, Object>>> accepted(
      BatchSubmitted b, String requestId) {
    String url = PATH + "/" + b.batchId();
    return ResponseEntity.accepted()
        .location(URI.create(url))
        .body(
            Envelope.of(Map.of("id", b.batchId(), "name", b.name(), "status_url", url), requestId));
  }

  private BulkBatches service() {
    BulkBatches s = batches.getIfAvailable();
    if (s == null) {
      throw new ApiException(
          ApiError.ofStatus(
              HttpStatus.SERVICE_UNAVAILABLE, "Batches are not available in this server"));
    }
    return s;
  }
}
