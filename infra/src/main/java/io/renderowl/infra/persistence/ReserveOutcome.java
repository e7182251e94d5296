package io.renderowl.infra.persistence;

/**
 * What a reservation (or an immediate charge) came to.
 *
 * @param reserved whether the credits are reserved (or were before, for the same run)
 * @param required the credits asked for
 * @param available the credits available after this call (balance minus held reservations)
 */
public record ReserveOutcome(boolean reserved, int required, int available) {}
