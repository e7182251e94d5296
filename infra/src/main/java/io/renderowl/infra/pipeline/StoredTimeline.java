package io.renderowl.infra.pipeline;

import io.renderowl.workflows.timeline.TimelineDocument;
import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A stored timeline.
 *
 * @param projectId the project it belongs to, if any
 * @param version the edit version (the API's ETag)
 * @param document the timeline with its tracks (by order) and clips (by start time)
 * @param lockedTrackIds the tracks that refuse edits
 */
public record StoredTimeline(
    String id,
    @Nullable String projectId,
    long version,
    TimelineDocument document,
    Set<String> lockedTrackIds,
    Instant createdAt,
    Instant updatedAt) {
  public StoredTimeline {
    lockedTrackIds = Set.copyOf(lockedTrackIds);
  }
}
