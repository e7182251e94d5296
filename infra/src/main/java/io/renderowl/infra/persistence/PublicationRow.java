package io.renderowl.infra.persistence;

import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code publications}: a run's video published on one platform.
 *
 * @param location platform URL or path
 * @param status the publication's state: uploading, processing, published, unconfirmed, failed,
 *     scheduled, cancelled
 * @param metadataJson platform-specific details as JSON, else null
 * @param reason why it failed or is unconfirmed (the platform's message), else null
 * @param publishAt when a scheduled post fires, else null
 * @param workflowId the publishing workflow, else null (the offline publisher has none)
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
    Instant createdAt,
    String reason,
    Instant publishAt,
    String workflowId) {}
