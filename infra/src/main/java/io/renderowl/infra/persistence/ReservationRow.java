package io.renderowl.infra.persistence;

import java.util.UUID;

/**
 * A row of {@code credit_reservations}.
 *
 * @param amount credits reserved
 * @param captured credits charged against it so far
 * @param state "held", "settled" (delivered; the rest released) or "released" (refunded)
 */
public record ReservationRow(UUID userId, String runId, int amount, int captured, String state) {}
