package io.renderowl.infra.pipeline;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A project: a folder of timelines. */
public record Project(
    String id, String name, @Nullable String description, Instant createdAt, Instant updatedAt) {}
