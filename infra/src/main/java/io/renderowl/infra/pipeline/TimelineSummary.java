package io.renderowl.infra.pipeline;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A timeline as a list shows it. */
public record TimelineSummary(
    String id,
    @Nullable String projectId,
    String name,
    String resolution,
    int fps,
    double duration,
    String status,
    long version,
    Instant createdAt,
    Instant updatedAt) {}
