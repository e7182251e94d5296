package io.renderowl.infra.pipeline;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A user's completion callbacks as delivered: one delivery per callback (its attempts share the
 * delivery id), read from the attempts recorded by the delivery activity. Every read is scoped to
 * the user in SQL; another user's delivery is not found.
 */
public interface WebhookDeliveries {

  /** What a delivery came to: its last attempt's outcome, or still being retried. */
  List<String> STATUSES = List.of("delivered", "retrying", "failed", "refused");

  /** Subjects a callback can announce the end of. */
  List<String> TARGET_KINDS = List.of("run", "render", "batch");

  /**
   * One callback.
   *
   * @param id the delivery id (the {@code X-Renderowl-Delivery} header the receiver saw)
   * @param targetKind run, render or batch
   * @param targetId the run, render or batch id
   * @param event what was announced: completed, failed, cancelled, ...
   * @param target scheme, host and port POSTed to (never the path or query)
   * @param status one of {@link #STATUSES}
   * @param attempts how many POSTs were made
   * @param lastStatusCode the receiver's last HTTP status (null: no answer)
   * @param lastError why the last attempt failed (null when it did not)
   * @param firstAttemptAt the first POST
   * @param lastAttemptAt the last POST
   * @param attemptList every POST, oldest first (empty in lists)
   */
  record Delivery(
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
      List<Attempt> attemptList) {}

  /**
   * One POST.
   *
   * @param attempt 1-based
   * @param outcome delivered, failed or refused
   * @param statusCode the receiver's HTTP status (null: no answer)
   * @param error why it failed (null when delivered)
   * @param durationMs how long the exchange took
   * @param attemptedAt when
   */
  record Attempt(
      int attempt,
      String outcome,
      @Nullable Integer statusCode,
      @Nullable String error,
      long durationMs,
      Instant attemptedAt) {}

  /**
   * The user's deliveries, most recent first, filtered by whatever is not null.
   *
   * @throws InvalidRequestException naming {@code target_kind} or {@code status} when not one of
   *     the known values
   */
  PageOf<Delivery> list(
      String userId,
      @Nullable String targetKind,
      @Nullable String targetId,
      @Nullable String status,
      long offset,
      int limit);

  /** The delivery with its attempts, if it is the user's. */
  Optional<Delivery> find(String userId, String deliveryId);
}
