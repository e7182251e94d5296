package io.renderowl.activities.worker;

import io.renderowl.workflows.ChunkActivities;
import io.renderowl.workflows.PublishActivities;
import io.renderowl.workflows.RenderActivities;
import io.renderowl.workflows.RenderJobActivities;
import io.renderowl.workflows.RenderRoutingActivities;
import io.renderowl.workflows.RunLedgerActivities;
import io.renderowl.workflows.ScriptActivities;
import io.renderowl.workflows.TimelineActivities;
import io.renderowl.workflows.VisualActivities;
import io.renderowl.workflows.VoiceActivities;
import java.util.function.BiFunction;

/**
 * The activity implementations of every stage that one worker process hosts. {@link
 * WorkerConfiguration} builds the real ones; a test or benchmark may replace them all by declaring
 * a bean of this type.
 *
 * @param chunkRenderers makes the chunk activities of one render worker from (codec, identity)
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
    boolean rendersMedia) {}
