package io.renderowl.activities.render;

import io.renderowl.activities.storage.ObjectKeys;
import io.renderowl.infra.persistence.RenderChunkRepository;
import io.renderowl.infra.persistence.RenderChunkRow;
import io.renderowl.infra.persistence.RenderRepository;
import io.renderowl.infra.persistence.TimelineRepository;
import io.renderowl.infra.progress.LiveProgress;
import io.renderowl.infra.storage.ObjectStore;
import io.renderowl.workflows.ChunkActivities;
import io.renderowl.workflows.ChunkRequest;
import io.renderowl.workflows.ChunkResult;
import io.renderowl.workflows.ChunkSpec;
import io.renderowl.workflows.RenderProgress;
import io.renderowl.workflows.timeline.TimelineDocument;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

/**
 * Renders chunks with one encoder (libx264 on CPU workers, h264_nvenc on GPU workers). A chunk
 * recorded as finished with the same frame range and encoder, whose file is still in storage, is
 * returned as it is; otherwise the attempt is recorded (worker, attempt count), the frames are
 * rendered with heartbeats, and the file is stored and recorded.
 */
public final class ChunkActivitiesImpl implements ChunkActivities {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ChunkActivitiesImpl.class);
  private final TimelineRepository timelines;
  private final RenderChunkRepository chunks;
  private final RenderRepository renders;
  private final ObjectStore store;
  private final LiveProgress live;
  private final String codec;
  private final String worker;
  private final ChunkRenderer renderer = new ChunkRenderer();

  /**
   * @param codec {@link VideoEncoding#LIBX264} or {@link VideoEncoding#H264_NVENC}
   * @param worker this worker's identity, recorded with each chunk it renders
   */
  public ChunkActivitiesImpl(
      TimelineRepository timelines,
      RenderChunkRepository chunks,
      RenderRepository renders,
      ObjectStore store,
      LiveProgress live,
      String codec,
      String worker) {
    this.timelines = timelines;
    this.chunks = chunks;
    this.renders = renders;
    this.store = store;
    this.live = live;
    this.codec = codec;
    this.worker = worker;
  }

  @Override
  public ChunkResult renderChunk(ChunkRequest request) {
    ChunkSpec chunk = request.chunk();
    UUID renderId = UUID.fromString(request.renderId());
    Optional<RenderChunkRow> recorded = chunks.find(renderId, chunk.index());
    if (recorded.isPresent() && finishedAsAsked(recorded.get(), chunk) && store.exists(recorded.get().storageKey())) {
      RenderChunkRow row = recorded.get();
      live.reportChunk(request.runId(), chunk.index(), request.chunks(), chunk.frameCount(), request.totalFrames());
      return new ChunkResult(chunk, row.storageKey(), row.encoder(), row.workerIdentity(), true);
    }
    RenderChunkRow started = chunks.start(renderId, chunk.index(), chunk.firstFrame(), chunk.frameCount(), codec, worker);
    LOG.debug(
        "{} chunk {}/{}: frames [{}, {}) with {} (attempt {})",
        request.runId(), chunk.index() + 1, request.chunks(), chunk.firstFrame(), chunk.endFrame(), codec, started.attempts());
    ActivityExecutionContext context = Activity.getExecutionContext();
    String key = ObjectKeys.chunk(request.runId(), request.renderId(), chunk.index(), chunk.firstFrame(), chunk.frameCount(), codec);
    try {
      TimelineDocument doc = timelines.load(UUID.fromString(request.timelineId()));
      VideoEncoding encoding =
          VideoEncoding.H264_NVENC.equals(codec)
              ? VideoEncoding.nvenc(doc.fps())
              : request.preview() ? VideoEncoding.preview(doc.fps()) : VideoEncoding.forFrame(doc.width(), doc.height(), doc.fps());
      int[] lastPercent = {-1};
      RenderJobActivitiesImpl.withWorkFolder("chunk", work -> {
        Path output = work.resolve("chunk.mp4");
        renderer.renderVideo(
            doc,
            RenderJobActivitiesImpl.media(store, work),
            new FrameRange(chunk.firstFrame(), chunk.endFrame()),
            encoding,
            output,
            (done, total) -> {
              // Throws when the render was cancelled or this worker is stopping: the renderer
              // then closes its encoder and deletes the partial chunk.
              context.heartbeat(new RenderProgress(done, total));
              double overall =
                  live.reportChunk(request.runId(), chunk.index(), request.chunks(), done, request.totalFrames());
              int percent = (int) (overall * 100);
              if (percent / 5 != lastPercent[0] / 5) {
                renders.updateProgress(renderId, percent);
                lastPercent[0] = percent;
              }
            });
        store.put(key, output, "video/mp4");
        return null;
      });
      chunks.complete(renderId, chunk.index(), key);
      return new ChunkResult(chunk, key, codec, worker, false);
    } catch (ActivityCompletionException e) {
      chunks.fail(renderId, chunk.index(), "stopped: " + e.getClass().getSimpleName());
      throw e;
    } catch (RuntimeException e) {
      chunks.fail(renderId, chunk.index(), String.valueOf(e.getMessage()));
      throw e;
    }
  }

  private boolean finishedAsAsked(RenderChunkRow row, ChunkSpec chunk) {
    return row.completed()
        && row.firstFrame() == chunk.firstFrame()
        && row.frameCount() == chunk.frameCount()
        && codec.equals(row.encoder())
        && row.storageKey() != null;
  }
}
