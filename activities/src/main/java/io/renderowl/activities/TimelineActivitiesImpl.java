package io.renderowl.activities;

import io.renderowl.infra.persistence.PipelineRunRepository;
import io.renderowl.infra.persistence.TimelineRepository;
import io.renderowl.infra.storage.ObjectStore;
import io.renderowl.workflows.Narration;
import io.renderowl.workflows.PipelineRequest;
import io.renderowl.workflows.Scene;
import io.renderowl.workflows.TimelineActivities;
import io.renderowl.workflows.TimelineRef;
import io.renderowl.workflows.Visual;
import io.renderowl.workflows.timeline.TimelineDocument;
import java.util.List;
import java.util.UUID;

/** Builds the run's timeline and stores it in timelines/tracks/clips, once per run. */
final class TimelineActivitiesImpl implements TimelineActivities {
  private final TimelineAssembler assembler = new TimelineAssembler();
  private final TimelineRepository timelines;
  private final PipelineRunRepository runs;
  private final ObjectStore store;

  TimelineActivitiesImpl(TimelineRepository timelines, PipelineRunRepository runs, ObjectStore store) {
    this.timelines = timelines;
    this.runs = runs;
    this.store = store;
  }

  @Override
  public TimelineRef assembleTimeline(
      String runId,
      PipelineRequest request,
      String title,
      List<Scene> scenes,
      List<Visual> visuals,
      List<Narration> narrations) {
    UUID existing = runs.find(runId).map(r -> r.timelineId()).orElse(null);
    if (existing != null) {
      return refOf(existing, timelines.load(existing));
    }
    TimelineDocument doc =
        assembler.assemble(title, request.aspect(), request.preview(), scenes, visuals, narrations, store::url);
    UUID id = timelines.save(UUID.fromString(request.userId()), doc);
    runs.attachTimeline(runId, id);
    return refOf(id, doc);
  }

  private TimelineRef refOf(UUID id, TimelineDocument doc) {
    int clips = doc.tracks().stream().mapToInt(t -> t.clips().size()).sum();
    return new TimelineRef(id.toString(), doc.durationSeconds(), doc.width(), doc.height(), doc.fps(), clips);
  }
}
