package io.renderowl.activities.worker;

import io.renderowl.workflows.ChunkActivities;
import io.renderowl.workflows.PublishActivities;
import io.renderowl.workflows.RenderActivities;
import io.renderowl.workflows.RenderJobActivities;
import io.renderowl.workflows.RenderRoutingActivities;
import io.renderowl.workflows.RunLedgerActivities;
import io.renderowl.workflows.ScriptActivities;
import io.renderowl.workflows.SocialPublishActivities;
import io.renderowl.workflows.TimelineActivities;
import io.renderowl.workflows.VisualActivities;
import io.renderowl.workflows.VoiceActivities;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The activity implementations of every stage that one worker process hosts. {@link
 * WorkerConfiguration} builds the real ones; a test or benchmark may replace them all by declaring
 * a bean of this type.
 *
 * @param chunkRenderers makes the chunk activities of one render worker from (codec, identity)
 * @param social posting to social accounts: the activities and the platform queues they poll (null:
 *     this process posts to no social account)
 */
public record StageActivities(
    ScriptActivities scripts,
    VisualActivities visuals,
    VoiceActivities voices,
    TimelineActivities timelines,
    RenderActivities render,
    RenderJobActivities renderJobs,
    RenderRoutingActivities routing,
    BiFunction<String, String, ChunkActivities> chunkRenderers,
    PublishActivities publish,
    RunLedgerActivities ledger,
    boolean rendersMedia,
    SocialPublishing social) {

  /**
   * Posting to social accounts.
   *
   * @param activities the steps of {@code PublishWorkflow}
   * @param platforms one task queue per platform ({@code TaskQueues.publish})
   * @param concurrency uploads at once per platform queue in this process
   */
  public record SocialPublishing(
      SocialPublishActivities activities, List<String> platforms, int concurrency) {
    public SocialPublishing {
      platforms = List.copyOf(platforms);
    }
  }

  /** Stages that post to no social account. */
  public StageActivities(
      ScriptActivities scripts,
      VisualActivities visuals,
      VoiceActivities voices,
      TimelineActivities timelines,
      RenderActivities render,
      RenderJobActivities renderJobs,
      RenderRoutingActivities routing,
      BiFunction<String, String, ChunkActivities> chunkRenderers,
      PublishActivities publish,
      RunLedgerActivities ledger,
      boolean rendersMedia) {
    this(
        scripts,
        visuals,
        voices,
        timelines,
        render,
        renderJobs,
        routing,
        chunkRenderers,
        publish,
        ledger,
        rendersMedia,
        null);
  }

  /**
   * A render-only worker's stages: the render queues' activities only. It never polls the pipeline
   * queue, so the pipeline's stages are absent (null) rather than built with their providers.
   */
  public static StageActivities renderOnly(
      RenderActivities render,
      RenderJobActivities renderJobs,
      BiFunction<String, String, ChunkActivities> chunkRenderers) {
    return new StageActivities(
        null, null, null, null, render, renderJobs, null, chunkRenderers, null, null, true);
  }

  /** The same stages, posting through {@code socialPublishing}. */
  public StageActivities withSocial(SocialPublishing socialPublishing) {
    return new StageActivities(
        scripts,
        visuals,
        voices,
        timelines,
        render,
        renderJobs,
        routing,
        chunkRenderers,
        publish,
        ledger,
        rendersMedia,
        socialPublishing);
  }
}
