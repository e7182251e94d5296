package io.renderowl.activities.render;

import io.renderowl.activities.storage.ObjectKeys;
import io.renderowl.infra.metrics.RenderowlMeters;
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
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Renders chunks with one encoder (libx264 on CPU workers, h264_nvenc on GPU workers). A chunk
 * recorded as finished with the same frame range and encoder, whose file is still in storage, is
 * returned as it is; otherwise the attempt is recorded (worker, attempt count), the frames are
 * rendered with heartbeats, and the file is stored and recorded.
 */
public final class ChunkActivitiesImpl implements ChunkActivities {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(ChunkActivitiesImpl.class);
  private final TimelineRepository timelines;
  private final RenderChunkRepository chunks;
  private final RenderRepository renders;
  private final ObjectStore store;
  private final LiveProgress live;
  private final String codec;
  private final String worker;
  private final ChunkRenderer renderer = new ChunkRenderer();
  private final RenderFiles files;
  private final int slots;

  /** Without a file handoff to the join, one slot. */
  public ChunkActivitiesImpl(
      TimelineRepository timelines,
      RenderChunkRepository chunks,
      RenderRepository renders,
      ObjectStore store,
      LiveProgress live,
      String codec,
      String worker) {
    this(timelines, chunks, renders, store, live, codec, worker, null, 1);
  }

  /**
   * @param codec {@link VideoEncoding#LIBX264} or {@link VideoEncoding#H264_NVENC}
   * @param worker this worker's identity, recorded with each chunk it renders
   * @param files where a rendered chunk is kept for a join in this process (null: nowhere)
   * @param slots chunks this worker renders at once; x264's threads are split among them
   */
  public ChunkActivitiesImpl(
      TimelineRepository timelines,
      RenderChunkRepository chunks,
      RenderRepository renders,
      ObjectStore store,
      LiveProgress live,
      String codec,
      String worker,
      RenderFiles files,
      int slots) {
    this.timelines = timelines;
    this.chunks = chunks;
    this.renders = renders;
    this.store = store;
    this.live = live;
    this.codec = codec;
    this.worker = worker;
    this.files = files;
    this.slots = slots;
  }

  /**
   * x264 threads for one chunk: 0 (x264's own choice, about 1.5 per core) when this worker renders
   * it alone; otherwise the cores split among the chunks that can run here at once ({@code
   * min(slots, chunks of the render)}), at least 1 each, so that parallel chunks do not
   * oversubscribe the cores.
   */
  static int x264Threads(int cores, int slots, int chunksInRender) {
    int parallel = Math.min(slots, chunksInRender);
    return parallel <= 1 ? 0 : Math.max(1, cores / parallel);
  }

  @Override
  public ChunkResult renderChunk(ChunkRequest request) {
    ChunkSpec chunk = request.chunk();
    UUID renderId = UUID.fromString(request.renderId());
    Optional<RenderChunkRow> recorded = chunks.find(renderId, chunk.index());
    if (recorded.isPresent()
        && finishedAsAsked(recorded.get(), chunk)
        && store.exists(recorded.get().storageKey())) {
      RenderChunkRow row = recorded.get();
      live.reportChunk(
          request.runId(),
          chunk.index(),
          request.chunks(),
          chunk.frameCount(),
          request.totalFrames());
      return new ChunkResult(chunk, row.storageKey(), row.encoder(), row.workerIdentity(), true);
    }
    RenderChunkRow started =
        chunks.start(
            renderId, chunk.index(), chunk.firstFrame(), chunk.frameCount(), codec, worker);
    LOG.debug(
        "{} chunk {}/{}: frames [{}, {}) with {} (attempt {})",
        request.runId(),
        chunk.index() + 1,
        request.chunks(),
        chunk.firstFrame(),
        chunk.endFrame(),
        codec,
        started.attempts());
    ActivityExecutionContext context = Activity.getExecutionContext();
    StepTimes times =
        new StepTimes(request.runId() + " chunk " + (chunk.index() + 1) + "/" + request.chunks());
    String key =
        ObjectKeys.chunk(
            request.runId(),
            request.renderId(),
            chunk.index(),
            chunk.firstFrame(),
            chunk.frameCount(),
            codec);
    long chunkStart = System.nanoTime();
    try {
      TimelineDocument doc = timelines.load(UUID.fromString(request.timelineId()));
      VideoEncoding encoding =
          VideoEncoding.H264_NVENC.equals(codec)
              ? VideoEncoding.nvenc(doc.fps())
              : (request.preview()
                      ? VideoEncoding.preview(doc.fps())
                      : VideoEncoding.forFrame(doc.width(), doc.height(), doc.fps()))
                  .withThreads(
                      x264Threads(
                          Runtime.getRuntime().availableProcessors(), slots, request.chunks()));
      times.step("load");
      int[] lastPercent = {-1};
      RenderJobActivitiesImpl.withWorkFolder(
          "chunk",
          work -> {
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
                      live.reportChunk(
                          request.runId(),
                          chunk.index(),
                          request.chunks(),
                          done,
                          request.totalFrames());
                  int percent = (int) (overall * 100);
                  if (percent / 5 != lastPercent[0] / 5) {
                    renders.updateProgress(renderId, percent);
                    lastPercent[0] = percent;
                  }
                });
            times.step("render");
            store.put(key, output, "video/mp4");
            times.step("upload");
            if (files != null) {
              files.keep(key, output);
            }
            return null;
          });
      chunks.complete(renderId, chunk.index(), key);
      RenderowlMeters.global()
          .chunkRendered(
              codec, chunk.frameCount(), Duration.ofNanos(System.nanoTime() - chunkStart));
      times.step("record");
      times.log();
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
