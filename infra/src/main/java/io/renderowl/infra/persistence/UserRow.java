package io.renderowl.infra.persistence;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code users}. */
public record UserRow(
    UUID id,
    String clerkId,
    String email,
    String name,
    String avatarUrl,
    int creditsBalance,
    String subscriptionTier,
    String subscriptionStatus,
    Instant createdAt,
    Instant updatedAt) {}
