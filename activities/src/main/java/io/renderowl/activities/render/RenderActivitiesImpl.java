package io.renderowl.activities.render;

import io.renderowl.activities.storage.ObjectKeys;
import io.renderowl.activities.storage.TempFiles;
import io.renderowl.infra.persistence.PipelineRunRepository;
import io.renderowl.infra.persistence.RenderRepository;
import io.renderowl.infra.persistence.RenderRow;
import io.renderowl.infra.persistence.TimelineRepository;
import io.renderowl.infra.progress.LiveProgress;
import io.renderowl.infra.storage.ObjectStore;
import io.renderowl.workflows.CreditPolicy;
import io.renderowl.workflows.RenderActivities;
import io.renderowl.workflows.RenderProgress;
import io.renderowl.workflows.RenderResult;
import io.renderowl.workflows.RenderState;
import io.renderowl.workflows.Stage;
import io.renderowl.workflows.timeline.TimelineDocument;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Renders a stored timeline with {@link TimelineRenderer}: downloads its media from object storage,
 * heartbeats frame progress (also published to Redis for status readers), uploads the MP4 and
 * records it in renders. A run that already has a completed render gets it back unchanged.
 */
public final class RenderActivitiesImpl implements RenderActivities {
  private final TimelineRepository timelines;
  private final RenderRepository renders;
  private final PipelineRunRepository runs;
  private final ObjectStore store;
  private final LiveProgress live;
  private final TimelineRenderer renderer = new TimelineRenderer();

  public RenderActivitiesImpl(
      TimelineRepository timelines,
      RenderRepository renders,
      PipelineRunRepository runs,
      ObjectStore store,
      LiveProgress live) {
    this.timelines = timelines;
    this.renders = renders;
    this.runs = runs;
    this.store = store;
    this.live = live;
  }

  @Override
  public RenderResult render(String runId, String userId, String timelineId) {
    TimelineDocument doc = timelines.load(UUID.fromString(timelineId));
    String preset = doc.width() + "x" + doc.height();
    RenderRow row =
        renders.createOrGet(runId, UUID.fromString(timelineId), UUID.fromString(userId), preset);
    String key = ObjectKeys.render(runId, row.id().toString());
    if (row.status() == RenderState.COMPLETED && store.exists(key)) {
      return new RenderResult(
          row.id().toString(), key, store.size(key), doc.frameCount(), doc.durationSeconds());
    }
    renders.markRendering(row.id());
    ActivityExecutionContext context = Activity.getExecutionContext();
    Path work = null;
    try {
      work = Files.createTempDirectory("renderowl-render-" + runId + "-");
      Path media = work;
      Map<String, Path> downloaded = new HashMap<>();
      Path output = work.resolve("video.mp4");
      int[] lastPercent = {-1};
      RenderOutcome outcome =
          renderer.render(
              doc,
              url ->
                  downloaded.computeIfAbsent(
                      url,
                      u ->
                          store.download(
                              store.keyOf(u), media.resolve("media-" + downloaded.size()))),
              output,
              (done, total) -> {
                context.heartbeat(new RenderProgress(done, total));
                double fraction = total == 0 ? 0 : (double) done / total;
                live.report(
                    runId,
                    Stage.RENDER,
                    fraction,
                    String.format("rendering: frame %d of %d", done, total));
                int percent = (int) (fraction * 100);
                if (percent / 5 != lastPercent[0] / 5) {
                  renders.updateProgress(row.id(), percent);
                  lastPercent[0] = percent;
                }
              });
      store.put(key, output, "video/mp4");
      renders.markCompleted(
          row.id(), store.url(key), CreditPolicy.creditsFor(outcome.durationSeconds()));
      runs.attachRender(runId, row.id(), key);
      return new RenderResult(
          row.id().toString(), key, outcome.bytes(), outcome.frames(), outcome.durationSeconds());
    } catch (IOException e) {
      renders.markFailed(row.id(), e.getMessage());
      throw new UncheckedIOException("render of timeline " + timelineId + " failed", e);
    } catch (RuntimeException e) {
      renders.markFailed(row.id(), String.valueOf(e.getMessage()));
      throw e;
    } finally {
      TempFiles.deleteRecursively(work);
    }
  }
}
