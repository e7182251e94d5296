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
import io.renderowl.workflows.timeline.TimelineDocument;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Renders chunks with one encoder (libx264 on CPU workers, h264_nvenc on GPU workers). A chunk
 * recorded as finished with the same frame range and encoder, whose file is still in storage, is
 * returned as it is; otherwise the attempt is recorded (worker, attempt count), the frames are
 * rendered with heartbeats, and the file is stored and recorded.
 *
 * <p>Resumable: a chunk is drawn in segments of {@value #SEGMENT_SECONDS} s (each a closed-GOP file
 * of its own, stored as soon as it is finished and named in the next heartbeat, {@link
 * ChunkCheckpoint}). A retried attempt (the worker was killed or stopped) whose predecessor
 * heartbeated downloads the leading segments in storage, draws only the rest, and joins them all by
 * stream copy into the chunk, exactly its frames; so a kill costs at most the segment being drawn.
 * A chunk whose join can run in this process ({@link RenderFiles}) is kept here and stays in
 * storage as its segments until the join has stored the video ({@link StoredChunks}); elsewhere the
 * chunk is stored as one file and its segments deleted.
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
  private final boolean slicedThreads;
  private final ChunkStartOrder startOrder = new ChunkStartOrder();
  private final RunningChunks running = new RunningChunks();

  /** Seconds of video per stored segment of a chunk. */
  static final int SEGMENT_SECONDS = ChunkRenderer.SEGMENT_SECONDS;

  /** Without a file handoff to the join, one slot. */
  public ChunkActivitiesImpl(
      TimelineRepository timelines,
      RenderChunkRepository chunks,
      RenderRepository renders,
      ObjectStore store,
      LiveProgress live,
      String codec,
      String worker) {
    this(timelines, chunks, renders, store, live, codec, worker, null, 1, false);
  }

  /**
   * @param codec {@link VideoEncoding#LIBX264} or {@link VideoEncoding#H264_NVENC}
   * @param worker this worker's identity, recorded with each chunk it renders
   * @param files where a rendered chunk is kept for a join in this process (null: nowhere)
   * @param slots chunks this worker renders at once; x264's threads are split among them
   * @param slicedThreads whether x264's threads split every frame of a chunk (one frame in flight)
   *     rather than encode a frame each ({@link VideoEncoding#slicedThreads})
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
      int slots,
      boolean slicedThreads) {
    this.timelines = timelines;
    this.chunks = chunks;
    this.renders = renders;
    this.store = store;
    this.live = live;
    this.codec = codec;
    this.worker = worker;
    this.files = files;
    this.slots = slots;
    this.slicedThreads = slicedThreads;
  }

  /**
   * x264 threads for one chunk: one per core when this worker renders it alone (x264's own choice
   * is about 1.5 per core; each frame thread holds its own 1080p frames, and on 2 cores the third
   * cost 20 MB of peak RSS without making the chunk faster); otherwise the cores split among the
   * chunks that can run here at once ({@code min(slots, chunks)}), at least 1 each, so that
   * parallel chunks do not oversubscribe the cores. A worker passes as {@code chunksInRender} the
   * render's chunks from this one on ({@link #chunksFromHereOn}) plus the running chunks that will
   * run beside it for much of its length ({@link RunningChunks}).
   */
  public static int x264Threads(int cores, int slots, int chunksInRender) {
    int parallel = Math.min(slots, chunksInRender);
    return Math.max(1, parallel <= 1 ? cores : cores / parallel);
  }

  /**
   * The chunks of a render that can still run beside the one this worker starts as its {@code
   * started}-th chunk of the render (0 for the first): a worker starts them one after another, so
   * the last of them runs with fewer (or none) beside it. Passed to {@link #x264Threads} as the
   * render's chunks, a render of 3 chunks on 2 slots and 2 cores gives the chunk it starts last
   * both cores instead of the 1 thread meant for running beside another. Counted in the order this
   * worker started them ({@link ChunkStartOrder}), not by index: the task queue hands chunks out in
   * no fixed order, and by index the chunk that got both cores usually started first, beside
   * another, while the one that ran last had 1 thread (`owl render` W1, 3 chunks, five alternating
   * pairs: 14.5-16.8 s, median 15.7, by index, depending on which chunks came first; 15.0-15.4 s,
   * median 15.2, by start order).
   */
  static int chunksFromHereOn(int chunksInRender, int started) {
    return Math.max(1, chunksInRender - started);
  }

  @Override
  public ChunkResult renderChunk(ChunkRequest request) {
    ChunkSpec chunk = request.chunk();
    UUID renderId = UUID.fromString(request.renderId());
    Optional<RenderChunkRow> recorded = chunks.find(renderId, chunk.index());
    if (recorded.isPresent()
        && finishedAsAsked(recorded.get(), chunk)
        && chunkStored(store, recorded.get().storageKey(), chunk)) {
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
    try (RunningChunks.Chunk here = running.start(chunk.frameCount())) {
      TimelineDocument asStored = timelines.load(UUID.fromString(request.timelineId()));
      // a render preset draws the same timeline at another frame size (same frames)
      TimelineDocument doc =
          request.resized() ? asStored.withSize(request.width(), request.height()) : asStored;
      VideoEncoding encoding =
          VideoEncoding.H264_NVENC.equals(codec)
              ? VideoEncoding.nvenc(doc.fps())
              : (request.preview()
                      ? VideoEncoding.preview(doc.fps())
                      : VideoEncoding.forFrame(doc.width(), doc.height(), doc.fps()))
                  .withThreads(
                      x264Threads(
                          Runtime.getRuntime().availableProcessors(),
                          slots,
                          chunksFromHereOn(request.chunks(), startOrder.next(request.renderId()))
                              + here.othersLasting()))
                  .withSlicedThreads(slicedThreads);
      times.step("load");
      FrameRange range = new FrameRange(chunk.firstFrame(), chunk.endFrame());
      long segmentFrames = segmentFrames(doc.fps());
      List<FrameRange> segments = segments(range, segmentFrames);
      int[] lastPercent = {-1};
      RenderJobActivitiesImpl.withWorkFolder(
          "chunk",
          work -> {
            // Segments an earlier attempt stored (its last heartbeat says how many) are kept.
            List<Path> files = java.util.Collections.synchronizedList(new ArrayList<>());
            int kept = keptSegments(context, segments, segmentFrames, key, work, files);
            long keptFrames = kept == 0 ? 0 : segments.get(kept - 1).to() - range.from();
            here.drawn(keptFrames);
            chunks.recordResume(renderId, chunk.index(), keptFrames);
            if (kept > 0) {
              LOG.info(
                  "{} chunk {}/{}: resuming at frame {} of {} (attempt {}; {} frames kept from"
                      + " stored segments)",
                  request.runId(),
                  chunk.index() + 1,
                  request.chunks(),
                  keptFrames,
                  range.frames(),
                  started.attempts(),
                  keptFrames);
            }
            // written by the thread that stores segments, read by the drawing thread
            java.util.concurrent.atomic.AtomicLong stored =
                new java.util.concurrent.atomic.AtomicLong(keptFrames);
            // The render's poster is decoded from the segment that holds its frame while the next
            // segments are drawn (the same pixels as in the joined video: the join copies the
            // segments' streams), so the join need not decode it after the last chunk.
            long posterFrame = Posters.frameOf(doc.frameCount());
            java.util.concurrent.atomic.AtomicReference<Path> poster =
                new java.util.concurrent.atomic.AtomicReference<>();
            renderer.renderSegments(
                doc,
                RenderJobActivitiesImpl.media(store, work),
                segments.subList(kept, segments.size()),
                encoding,
                segment -> work.resolve("segment-" + segment.from() + ".mp4"),
                (segment, file) -> {
                  store.put(segmentKey(key, segment), file, "video/mp4");
                  files.add(file);
                  if (segment.from() <= posterFrame && posterFrame < segment.to()) {
                    poster.set(posterOf(file, posterFrame - segment.from(), work, request.runId()));
                  }
                  long storedNow = segment.to() - range.from();
                  stored.set(storedNow);
                  context.heartbeat(
                      new ChunkCheckpoint(storedNow, range.frames(), segmentFrames, storedNow));
                },
                keptFrames,
                range.frames(),
                (done, total) -> {
                  // Throws when the render was cancelled or this worker is stopping: the renderer
                  // then closes its encoder and deletes the partial segment.
                  here.drawn(done);
                  context.heartbeat(new ChunkCheckpoint(done, total, segmentFrames, stored.get()));
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
            Path output = work.resolve("chunk.mp4");
            renderer.joinVideo(List.copyOf(files), range, output);
            times.step("join");
            if (poster.get() != null) {
              if (this.files != null) {
                this.files.keep(StoredChunks.posterKey(key), poster.get());
              } else {
                store.put(StoredChunks.posterKey(key), poster.get(), "image/jpeg");
              }
            }
            if (this.files != null) {
              // Kept for the join in this process; the stored segments are the chunk's copy in
              // storage (StoredChunks), so the same bytes are not uploaded a second time.
              this.files.keep(key, output);
            } else {
              store.put(key, output, "video/mp4");
              times.step("upload");
              for (FrameRange segment : segments) {
                deleteQuietly(segmentKey(key, segment));
              }
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

  /**
   * The poster JPEG decoded from frame {@code frame} of {@code segment}, in {@code work}; null when
   * it could not be made (the join then decodes it from the chunk).
   */
  private static Path posterOf(Path segment, long frame, Path work, String runId) {
    try {
      return Posters.write(segment, frame, work.resolve("poster.jpg"));
    } catch (RuntimeException e) {
      LOG.warn("{}: no poster from {} ({}); the join makes it", runId, segment, e.toString());
      return null;
    }
  }

  /** Segments of about {@value #SEGMENT_SECONDS} s: the most a killed attempt loses. */
  static long segmentFrames(int fps) {
    return ChunkRenderer.segmentFrames(fps);
  }

  static List<FrameRange> segments(FrameRange range, long segmentFrames) {
    return ChunkRenderer.segments(range, segmentFrames);
  }

  static String segmentKey(String chunkKey, FrameRange segment) {
    return StoredChunks.segmentKey(chunkKey, segment);
  }

  /**
   * How many leading segments earlier attempts stored, downloaded into {@code work} and added to
   * {@code files}.
   */
  private int keptSegments(
      ActivityExecutionContext context,
      List<FrameRange> segments,
      long segmentFrames,
      String key,
      Path work,
      List<Path> files) {
    Optional<ChunkCheckpoint> checkpoint;
    try {
      checkpoint = context.getHeartbeatDetails(ChunkCheckpoint.class);
    } catch (RuntimeException unreadable) {
      // details of another shape (an attempt before this change): start from the first frame
      return 0;
    }
    if (!resumable(checkpoint, segmentFrames)) {
      return 0;
    }
    int kept =
        leadingStored(
            segments, key, new java.util.HashSet<>(store.list(StoredChunks.segmentPrefix(key))));
    return wholeLeading(
        segments.subList(0, kept),
        segment ->
            store.download(
                segmentKey(key, segment), work.resolve("segment-" + segment.from() + ".mp4")),
        files);
  }

  /**
   * How many of {@code stored}, from the first, are whole MP4 files once downloaded (added to
   * {@code files}); the first incomplete one and those after it are drawn again. A segment whose
   * index was never written (a full disk as it ended, before such files were refused) would
   * otherwise fail the join of every retry.
   */
  static int wholeLeading(
      List<FrameRange> stored,
      java.util.function.Function<FrameRange, Path> download,
      List<Path> files) {
    for (int i = 0; i < stored.size(); i++) {
      Path file = download.apply(stored.get(i));
      Optional<String> incomplete = Mp4Files.incompleteness(file);
      if (incomplete.isPresent()) {
        LOG.warn(
            "stored segment {} is incomplete ({}); its frames and those after it are drawn again",
            file.getFileName(),
            incomplete.get());
        return i;
      }
      files.add(file);
    }
    return stored.size();
  }

  /**
   * Whether an earlier attempt of this activity heartbeated with segments of this length: then the
   * segments under the chunk's key are its own (the key holds the render, the frame range and the
   * encoder, and a timeline cannot be edited while its render runs).
   */
  static boolean resumable(Optional<ChunkCheckpoint> checkpoint, long segmentFrames) {
    return checkpoint.isPresent() && checkpoint.get().segmentFrames() == segmentFrames;
  }

  /**
   * How many of {@code segments}, from the first, are in {@code storedKeys} without a gap. All that
   * are stored count, not only those the last heartbeat named: the SDK throttles heartbeats, so
   * under load the one the server kept named several segments fewer than were stored (a killed
   * worker's chunk redid 600 of 2400 frames in a fault run).
   */
  static int leadingStored(List<FrameRange> segments, String chunkKey, Set<String> storedKeys) {
    int kept = 0;
    for (FrameRange segment : segments) {
      if (!storedKeys.contains(segmentKey(chunkKey, segment))) {
        break;
      }
      kept++;
    }
    return kept;
  }

  private void deleteQuietly(String key) {
    try {
      store.delete(key);
    } catch (RuntimeException e) {
      LOG.debug("could not delete segment {}: {}", key, e.getMessage());
    }
  }

  private boolean finishedAsAsked(RenderChunkRow row, ChunkSpec chunk) {
    return row.completed()
        && row.firstFrame() == chunk.firstFrame()
        && row.frameCount() == chunk.frameCount()
        && codec.equals(row.encoder())
        && row.storageKey() != null;
  }

  /** Whether the chunk is in storage: as one file, or as segments that hold exactly its frames. */
  public static boolean chunkStored(ObjectStore store, String chunkKey, ChunkSpec chunk) {
    return store.exists(chunkKey)
        || StoredChunks.segmentsOf(
                store.list(StoredChunks.segmentPrefix(chunkKey)), chunkKey, chunk)
            .isPresent();
  }
}
