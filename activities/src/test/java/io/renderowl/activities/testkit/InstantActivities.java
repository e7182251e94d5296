package io.renderowl.activities.testkit;

import io.renderowl.workflows.Aspect;
import io.renderowl.workflows.ChunkActivities;
import io.renderowl.workflows.ChunkRequest;
import io.renderowl.workflows.ChunkResult;
import io.renderowl.workflows.JoinRequest;
import io.renderowl.workflows.Narration;
import io.renderowl.workflows.PipelineRequest;
import io.renderowl.workflows.PreparedRender;
import io.renderowl.workflows.Publication;
import io.renderowl.workflows.PublishActivities;
import io.renderowl.workflows.RenderActivities;
import io.renderowl.workflows.RenderJobActivities;
import io.renderowl.workflows.RenderRequest;
import io.renderowl.workflows.RenderResult;
import io.renderowl.workflows.RenderRoutingActivities;
import io.renderowl.workflows.RenderTuning;
import io.renderowl.workflows.Scene;
import io.renderowl.workflows.Script;
import io.renderowl.workflows.ScriptActivities;
import io.renderowl.workflows.TimelineActivities;
import io.renderowl.workflows.TimelineRef;
import io.renderowl.workflows.Visual;
import io.renderowl.workflows.VisualActivities;
import io.renderowl.workflows.VoiceActivities;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * TEST-ONLY stages ({@link InstantStages}): every stage returns at once with a made-up result and
 * writes nothing (no script text worth reading, no pictures, no audio, no timeline rows, no MP4, no
 * publication). It exists so that benchmarks and tests can run thousands of real pipeline workflows
 * through Temporal and the run ledger without rendering. Never use it for real output.
 */
public class InstantActivities
    implements ScriptActivities,
        VisualActivities,
        VoiceActivities,
        TimelineActivities,
        RenderActivities,
        RenderJobActivities,
        ChunkActivities,
        RenderRoutingActivities,
        PublishActivities {

  /** The provider name results carry. */
  public static final String PROVIDER = "instant:test-only";

  @Override
  public Script writeScript(String runId, PipelineRequest request) {
    return new Script(
        request.topic().strip(), List.of("About " + request.topic().strip() + "."), PROVIDER);
  }

  @Override
  public List<Scene> planScenes(String runId, Script script, PipelineRequest request) {
    return List.of(
        new Scene(0, script.sentences().getFirst(), script.title(), request.durationSeconds()));
  }

  @Override
  public Visual sourceVisual(String runId, Scene scene, Aspect aspect) {
    return new Visual(
        scene.index(),
        "instant/" + runId + "/visual-" + scene.index(),
        aspect.width(),
        aspect.height(),
        PROVIDER);
  }

  @Override
  public Narration narrate(String runId, Scene scene, String voice) {
    return new Narration(
        scene.index(),
        "instant/" + runId + "/voice-" + scene.index(),
        scene.targetSeconds(),
        PROVIDER);
  }

  @Override
  public TimelineRef assembleTimeline(
      String runId,
      PipelineRequest request,
      String title,
      List<Scene> scenes,
      List<Visual> visuals,
      List<Narration> narrations) {
    Aspect a = request.aspect();
    return new TimelineRef(
        idOf("timeline", runId),
        request.durationSeconds(),
        a.width(),
        a.height(),
        30,
        scenes.size());
  }

  @Override
  public RenderResult render(String runId, String userId, String timelineId) {
    return new RenderResult(idOf("render", runId), "instant/" + runId + ".mp4", 0, 0, 1);
  }

  /** One frame, one chunk: the render child workflow runs for real, its activities do nothing. */
  @Override
  public PreparedRender prepareRender(RenderRequest request) {
    return new PreparedRender(
        idOf("render", request.runId()),
        1,
        30,
        2,
        2,
        1 / 30.0,
        "instant/" + request.runId() + ".m4a",
        RenderTuning.DEFAULT);
  }

  @Override
  public ChunkResult renderChunk(ChunkRequest request) {
    return new ChunkResult(
        request.chunk(), "instant/" + request.runId() + "/chunk", "instant", PROVIDER, false);
  }

  @Override
  public RenderResult joinRender(JoinRequest join) {
    return render(join.request().runId(), join.request().userId(), join.request().timelineId());
  }

  @Override
  public void renderFailed(String runId, String reason) {}

  @Override
  public int deleteIntermediates(String runId) {
    return 0; // nothing of a render is stored
  }

  @Override
  public boolean gpuWorkersPresent() {
    return false;
  }

  @Override
  public List<Publication> publish(
      String runId, PipelineRequest request, String title, RenderResult render) {
    return request.platforms().stream()
        .map(p ->
            new Publication(p, "instant://" + p + "/" + runId, idOf("publication:" + p, runId)))
        .toList();
  }

  private static String idOf(String kind, String runId) {
    return UUID.nameUUIDFromBytes((kind + ":" + runId).getBytes(StandardCharsets.UTF_8)).toString();
  }
}
