package io.renderowl.activities.timeline;

import io.renderowl.activities.storage.ObjectKeys;
import io.renderowl.infra.persistence.PipelineRunRepository;
import io.renderowl.infra.persistence.TimelineRepository;
import io.renderowl.infra.storage.ObjectStore;
import io.renderowl.infra.templates.StoredTemplate;
import io.renderowl.infra.templates.Templates;
import io.renderowl.workflows.Narration;
import io.renderowl.workflows.PipelineRequest;
import io.renderowl.workflows.Scene;
import io.renderowl.workflows.TimelineActivities;
import io.renderowl.workflows.TimelineRef;
import io.renderowl.workflows.Visual;
import io.renderowl.workflows.timeline.TimelineDocument;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Builds the run's timeline (with background music: a user or library track, else a generated bed)
 * and stores it in timelines/tracks/clips, once per run; its captions go beside the video as
 * runs/{runId}/captions.srt and captions.vtt.
 */
public final class TimelineActivitiesImpl implements TimelineActivities {
  private final TimelineAssembler assembler = new TimelineAssembler();
  private final TimelineRepository timelines;
  private final PipelineRunRepository runs;
  private final ObjectStore store;

  private final MusicLibrary music;
  private final @Nullable Templates templates;

  public TimelineActivitiesImpl(
      TimelineRepository timelines,
      PipelineRunRepository runs,
      ObjectStore store,
      MusicLibrary music) {
    this(timelines, runs, store, music, null);
  }

  /**
   * @param templates where runs that name a template find it (null: such runs fail)
   */
  public TimelineActivitiesImpl(
      TimelineRepository timelines,
      PipelineRunRepository runs,
      ObjectStore store,
      MusicLibrary music,
      @Nullable Templates templates) {
    this.timelines = timelines;
    this.runs = runs;
    this.store = store;
    this.music = music;
    this.templates = templates;
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
        assembler.assemble(
            title, request.aspect(), request.preview(), scenes, visuals, narrations, store::url);
    if (music != null) {
      // the timeline's length is known once the scenes are laid out: a generated bed is made to fit
      TimelineDocument laidOut = doc;
      doc =
          music
              .pick(runId, request.style(), laidOut.durationSeconds())
              .map(m -> assembler.withMusic(laidOut, m))
              .orElse(laidOut);
    }
    if (request.fromTemplate()) {
      doc = fromTemplate(request, title, scenes, visuals, doc);
    }
    storeCaptions(runId, doc);
    UUID id = timelines.save(UUID.fromString(request.userId()), doc);
    runs.attachTimeline(runId, id);
    return refOf(id, doc);
  }

  /**
   * The run's template filled with its scenes, over the default layout's voice and music.
   *
   * @throws IllegalArgumentException (not retried) for a template the user cannot read or a run
   *     cannot fill
   */
  private TimelineDocument fromTemplate(
      PipelineRequest request,
      String title,
      List<Scene> scenes,
      List<Visual> visuals,
      TimelineDocument laidOut) {
    if (templates == null) {
      throw new IllegalArgumentException("templates are not available on this worker");
    }
    StoredTemplate template =
        templates
            .find(request.userId(), request.templateId())
            .orElseThrow(
                () -> new IllegalArgumentException("no template '" + request.templateId() + "'"));
    try {
      TimelineDocument filled =
          TemplateFill.fill(
              template.fields(),
              template.structure(),
              title,
              request.topic(),
              scenes,
              visuals,
              laidOut,
              store::url);
      if (!request.preview()) {
        return filled;
      }
      // a preview keeps the template's aspect at the default layout's (smaller) long side
      double scale =
          (double) Math.max(laidOut.width(), laidOut.height())
              / Math.max(filled.width(), filled.height());
      return scale >= 1
          ? filled
          : filled.withSize(even(filled.width() * scale), even(filled.height() * scale));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "template '" + template.name() + "': " + e.getMessage(), e);
    }
  }

  private static int even(double pixels) {
    return Math.max(2, 2 * (int) Math.round(pixels / 2));
  }

  /** SRT and WebVTT of the timeline's captions, stored beside the video. */
  private void storeCaptions(String runId, TimelineDocument doc) {
    List<Captions.Cue> cues = Captions.cues(doc);
    try {
      Path srt = Files.createTempFile("captions-", ".srt");
      Path vtt = Files.createTempFile("captions-", ".vtt");
      try {
        Files.writeString(srt, Captions.srt(cues), StandardCharsets.UTF_8);
        Files.writeString(vtt, Captions.vtt(cues), StandardCharsets.UTF_8);
        store.put(ObjectKeys.captions(runId, "srt"), srt, "application/x-subrip");
        store.put(ObjectKeys.captions(runId, "vtt"), vtt, "text/vtt");
      } finally {
        Files.deleteIfExists(srt);
        Files.deleteIfExists(vtt);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the captions of run " + runId, e);
    }
  }

  private TimelineRef refOf(UUID id, TimelineDocument doc) {
    int clips = doc.tracks().stream().mapToInt(t -> t.clips().size()).sum();
    return new TimelineRef(
        id.toString(), doc.durationSeconds(), doc.width(), doc.height(), doc.fps(), clips);
  }
}
