package io.renderowl.infra.pipeline.internal;

import io.renderowl.infra.persistence.WebhookDeliveryRepository;
import io.renderowl.infra.pipeline.InvalidRequestException;
import io.renderowl.infra.pipeline.PageOf;
import io.renderowl.infra.pipeline.WebhookDeliveries;
import io.renderowl.workflows.CallbackActivities;
import io.renderowl.workflows.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** {@link WebhookDeliveries} over the attempts in {@code webhook_deliveries}. */
public final class JdbcWebhookDeliveries implements WebhookDeliveries {
  /** After this many failed attempts the delivery activity gives up: the delivery failed. */
  static final int MAX_ATTEMPTS = CallbackActivities.OPTIONS.getRetryOptions().getMaximumAttempts();

  private final WebhookDeliveryRepository repository;

  public JdbcWebhookDeliveries(WebhookDeliveryRepository repository) {
    this.repository = repository;
  }

  @Override
  public PageOf<Delivery> list(
      String userId,
      @Nullable String targetKind,
      @Nullable String targetId,
      @Nullable String status,
      long offset,
      int limit) {
    List<FieldError> errors = new ArrayList<>();
    String kind = blankToNull(targetKind);
    String state = blankToNull(status);
    if (kind != null && !TARGET_KINDS.contains(kind)) {
      errors.add(
          new FieldError("target_kind", "must be one of " + String.join(", ", TARGET_KINDS)));
    }
    if (state != null && !STATUSES.contains(state)) {
      errors.add(new FieldError("status", "must be one of " + String.join(", ", STATUSES)));
    }
    String id = blankToNull(targetId);
    if (id != null && id.length() > 128) {
      errors.add(new FieldError("target_id", "must be at most 128 characters"));
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    UUID user = UUID.fromString(userId);
    List<Delivery> rows =
        repository.summaries(user, kind, id, state, MAX_ATTEMPTS, offset, limit).stream()
            .map(s -> delivery(s, List.of()))
            .toList();
    return new PageOf<>(rows, repository.countSummaries(user, kind, id, state, MAX_ATTEMPTS));
  }

  @Override
  public Optional<Delivery> find(String userId, String deliveryId) {
    if (deliveryId.length() > 128) {
      return Optional.empty();
    }
    UUID user = UUID.fromString(userId);
    List<WebhookDeliveryRepository.Attempt> attempts = repository.attemptsOf(user, deliveryId);
    if (attempts.isEmpty()) {
      return Optional.empty();
    }
    WebhookDeliveryRepository.Attempt first = attempts.getFirst();
    WebhookDeliveryRepository.Attempt last = attempts.getLast();
    String status =
        switch (last.outcome()) {
          case "delivered", "refused" -> last.outcome();
          default -> last.attempt() >= MAX_ATTEMPTS ? "failed" : "retrying";
        };
    return Optional.of(
        new Delivery(
            deliveryId,
            last.subjectType(),
            last.subjectId(),
            last.eventStatus(),
            last.target(),
            status,
            attempts.size(),
            last.statusCode(),
            last.error(),
            first.attemptedAt().toInstant(),
            last.attemptedAt().toInstant(),
            attempts.stream()
                .map(a ->
                    new Attempt(
                        a.attempt(),
                        a.outcome(),
                        a.statusCode(),
                        a.error(),
                        a.durationMs(),
                        a.attemptedAt().toInstant()))
                .toList()));
  }

  private static Delivery delivery(WebhookDeliveryRepository.Summary s, List<Attempt> attemptList) {
    return new Delivery(
        s.deliveryId(),
        s.subjectType(),
        s.subjectId(),
        s.eventStatus(),
        s.target(),
        s.status(),
        s.attempts(),
        s.lastStatusCode(),
        s.lastError(),
        s.firstAttemptAt().toInstant(),
        s.lastAttemptAt().toInstant(),
        attemptList);
  }

  private static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
