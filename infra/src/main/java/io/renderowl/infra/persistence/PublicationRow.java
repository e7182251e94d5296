package io.renderowl.infra.persistence;

import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code publications}: a run's video published on one platform.
 *
 * @param location platform URL or path
 * @param metadataJson platform-specific details as JSON, else null
 */
public record PublicationRow(
    UUID id,
    String runId,
    UUID userId,
    UUID renderId,
    String platform,
    UUID socialAccountId,
    String status,
    String location,
    String externalId,
    String metadataJson,
    Instant publishedAt,
    Instant createdAt) {}
