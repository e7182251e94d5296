package io.renderowl.infra.persistence;

import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code credit_transactions}.
 *
 * @param type "purchase", "deduction", "refund" or "grant"
 * @param amount credits, negative for deductions
 * @param metadataJson details as JSON, else null
 * @param idempotencyKey the key a charge was recorded under (engine column), else null
 * @param runId the run a charge or refund belongs to, else null
 */
public record CreditTransactionRow(
    UUID id,
    UUID userId,
    String type,
    int amount,
    String description,
    String metadataJson,
    String idempotencyKey,
    Instant createdAt,
    String runId) {}
