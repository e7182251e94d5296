package io.renderowl.api.internal;

import io.renderowl.infra.pipeline.WebhookDeliveries;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * {@code /api/v1/webhooks/deliveries}: the completion callbacks of the user's runs, renders and
 * batches as they were delivered (one delivery per callback, its POSTs as attempts), filterable by
 * {@code target_kind}, {@code target_id} and {@code status}; {@code GET /{id}} with every attempt.
 * Another user's delivery answers 404.
 */
@RestController
@RequestMapping(path = WebhooksController.PATH, produces = MediaType.APPLICATION_JSON_VALUE)
final class WebhooksController {

  static final String PATH = "/api/v1/webhooks/deliveries";

  private final ObjectProvider<WebhookDeliveries> deliveries;

  WebhooksController(ObjectProvider<WebhookDeliveries> deliveries) {
    this.deliveries = deliveries;
  }

  /** One POST of a callback. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record AttemptView(
      int attempt,
      String outcome,
      @Nullable Integer statusCode,
      @Nullable String error,
      long durationMs,
      Instant attemptedAt) {}

  /** A callback as delivered. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record DeliveryView(
      String id,
      String targetKind,
      String targetId,
      String event,
      String target,
      String status,
      int attempts,
      @Nullable Integer lastStatusCode,
      @Nullable String lastError,
      Instant firstAttemptAt,
      Instant lastAttemptAt,
      @Nullable List<AttemptView> attemptList) {

    static DeliveryView of(WebhookDeliveries.Delivery d, boolean withAttempts) {
      return new DeliveryView(
          d.id(),
          d.targetKind(),
          d.targetId(),
          d.event(),
          d.target(),
          d.status(),
          d.attempts(),
          d.lastStatusCode(),
          d.lastError(),
          d.firstAttemptAt(),
          d.lastAttemptAt(),
          withAttempts
              ? d.attemptList().stream()
                  .map(a ->
                      new AttemptView(
                          a.attempt(),
                          a.outcome(),
                          a.statusCode(),
                          a.error(),
                          a.durationMs(),
                          a.attemptedAt()))
                  .toList()
              : null);
    }
  }

  @GetMapping
  Paged<DeliveryView> list(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @RequestParam(required = false) @Nullable Integer page,
      @RequestParam(required = false) @Nullable Integer limit,
      @RequestParam(name = "target_kind", required = false) @Nullable String targetKind,
      @RequestParam(name = "target_id", required = false) @Nullable String targetId,
      @RequestParam(required = false) @Nullable String status) {
    PageRequest pageRequest = PageRequest.of(page, limit);
    var rows =
        service()
            .list(userId, targetKind, targetId, status, pageRequest.offset(), pageRequest.limit());
    return Paged.of(
        rows.rows().stream().map(d -> DeliveryView.of(d, false)).toList(),
        pageRequest,
        rows.total(),
        requestId);
  }

  @GetMapping("/{id}")
  Envelope<DeliveryView> get(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @PathVariable String id) {
    return service()
        .find(userId, id)
        .map(d -> Envelope.of(DeliveryView.of(d, true), requestId))
        .orElseThrow(() -> new ApiException(ApiError.notFound("No webhook delivery '" + id + "'")));
  }

  private WebhookDeliveries service() {
    WebhookDeliveries d = deliveries.getIfAvailable();
    if (d == null) {
      throw new ApiException(
          ApiError.ofStatus(
              HttpStatus.SERVICE_UNAVAILABLE, "Webhook deliveries are not available here"));
    }
    return d;
  }
}
