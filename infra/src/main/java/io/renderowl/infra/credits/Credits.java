package io.renderowl.infra.credits;

import io.renderowl.infra.pipeline.InsufficientCreditsException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A user's credits: balance, ledger, prices, grants and charges for single calls. */
public interface Credits {

  /** The user with this email or id (operators name users either way). */
  Optional<UUID> findUser(String emailOrId);

  /** The user's balance and what running work holds of it. */
  Balance balance(UUID userId);

  /** One page of the user's ledger, newest first. */
  List<Transaction> transactions(UUID userId, int limit, long offset);

  /** How many ledger lines the user has. */
  long transactionCount(UUID userId);

  PriceList prices();

  /**
   * Grants credits (an operator's grant), once per key.
   *
   * @return true when this call granted them, false when the key was used before
   */
  boolean grant(UUID userId, int amount, String reason, String idempotencyKey);

  /**
   * Charges {@code calls} AI calls at the price list's price, once per key, before the work is
   * done.
   *
   * @throws InsufficientCreditsException when the user's available credits do not cover it
   */
  void chargeAiCalls(UUID userId, int calls, String what, String idempotencyKey);

  /** Refunds the charge made under {@code idempotencyKey} (the work failed), once. */
  void refund(String idempotencyKey, String reason);

  /**
   * A user's credits.
   *
   * @param balance the sum of the user's ledger
   * @param reserved held by running work and not charged yet
   * @param available what new work may reserve: balance minus reserved
   */
  record Balance(int balance, int reserved, int available) {}

  /**
   * A ledger line.
   *
   * @param type purchase, deduction, refund or grant
   * @param amount credits, negative for deductions
   * @param runId the run it belongs to, else null
   */
  record Transaction(
      UUID id, String type, int amount, String description, String runId, Instant createdAt) {}
}
