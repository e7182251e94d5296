package io.renderowl.api.internal;

import io.renderowl.infra.pipeline.Project;
import io.renderowl.infra.pipeline.StoredTimeline;
import io.renderowl.infra.pipeline.TimelineSummary;
import io.renderowl.workflows.timeline.ClipDocument;
import io.renderowl.workflows.timeline.TrackDocument;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** The JSON of timelines, tracks, clips and projects: the README's timeline format, plus ids. */
final class TimelineViews {

  private TimelineViews() {}

  /** A whole timeline; {@code version} is also its ETag. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record TimelineView(
      String id,
      @Nullable String projectId,
      String name,
      String resolution,
      int fps,
      String backgroundColor,
      String transitionType,
      double duration,
      long version,
      List<TrackView> tracks,
      Instant createdAt,
      Instant updatedAt) {

    static TimelineView of(StoredTimeline t) {
      var d = t.document();
      return new TimelineView(
          t.id(),
          t.projectId(),
          d.name(),
          d.width() + "x" + d.height(),
          d.fps(),
          d.backgroundColor(),
          d.transitionType(),
          d.durationSeconds(),
          t.version(),
          d.tracks().stream()
              .map(track -> TrackView.of(t.id(), track, t.lockedTrackIds()))
              .toList(),
          t.createdAt(),
          t.updatedAt());
    }
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record TrackView(
      String id,
      String timelineId,
      String name,
      String type,
      int order,
      boolean isVisible,
      boolean isLocked,
      List<ClipView> clips) {

    static TrackView of(String timelineId, TrackDocument track, Set<String> locked) {
      return new TrackView(
          track.id(),
          timelineId,
          track.name(),
          track.type(),
          track.order(),
          track.visible(),
          locked.contains(track.id()),
          track.clips().stream().map(c -> ClipView.of(track.id(), c)).toList());
    }
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record ClipView(
      String id,
      String trackId,
      String type,
      double startTime,
      double duration,
      @Nullable String sourceUrl,
      Map<String, Object> content) {

    static ClipView of(String trackId, ClipDocument clip) {
      return new ClipView(
          clip.id(),
          trackId,
          clip.type(),
          clip.startTime(),
          clip.duration(),
          clip.sourceUrl(),
          clip.content());
    }
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record TimelineSummaryView(
      String id,
      @Nullable String projectId,
      String name,
      String resolution,
      int fps,
      double duration,
      String status,
      long version,
      Instant createdAt,
      Instant updatedAt) {

    static TimelineSummaryView of(TimelineSummary s) {
      return new TimelineSummaryView(
          s.id(),
          s.projectId(),
          s.name(),
          s.resolution(),
          s.fps(),
          s.duration(),
          s.status(),
          s.version(),
          s.createdAt(),
          s.updatedAt());
    }
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record ProjectView(
      String id, String name, @Nullable String description, Instant createdAt, Instant updatedAt) {

    static ProjectView of(Project p) {
      return new ProjectView(p.id(), p.name(), p.description(), p.createdAt(), p.updatedAt());
    }
  }
}
