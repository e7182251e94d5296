package io.renderowl.activities.render;

import io.renderowl.activities.storage.MediaResolver;
import io.renderowl.activities.storage.ObjectKeys;
import io.renderowl.activities.storage.StoredMedia;
import io.renderowl.activities.storage.TempFiles;
import io.renderowl.infra.persistence.PipelineRunRepository;
import io.renderowl.infra.persistence.RenderLoudness;
import io.renderowl.infra.persistence.RenderRepository;
import io.renderowl.infra.persistence.RenderRow;
import io.renderowl.infra.persistence.TimelineRepository;
import io.renderowl.infra.progress.LiveProgress;
import io.renderowl.infra.storage.ObjectStore;
import io.renderowl.workflows.ChunkResult;
import io.renderowl.workflows.ChunkSpec;
import io.renderowl.workflows.CreditPolicy;
import io.renderowl.workflows.Failures;
import io.renderowl.workflows.JoinRequest;
import io.renderowl.workflows.PreparedRender;
import io.renderowl.workflows.RenderJobActivities;
import io.renderowl.workflows.RenderRequest;
import io.renderowl.workflows.RenderResult;
import io.renderowl.workflows.RenderState;
import io.renderowl.workflows.RenderTuning;
import io.renderowl.workflows.Stage;
import io.renderowl.workflows.timeline.TimelineDocument;
import io.renderowl.workflows.timeline.TimelineProblem;
import io.renderowl.workflows.timeline.TimelineValidator;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Prepare and join of a chunked render, over {@link ChunkRenderer}: validation and the audio track
 * (mixed once for the whole timeline, loudness-normalised, its measurement recorded on the render)
 * before the chunks; the stream-copy join, poster and bookkeeping after them.
 */
public final class RenderJobActivitiesImpl implements RenderJobActivities {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(RenderJobActivitiesImpl.class);
  private final TimelineRepository timelines;
  private final RenderRepository renders;
  private final PipelineRunRepository runs;
  private final ObjectStore store;
  private final LiveProgress live;
  private final RenderTuning tuning;
  private final LoudnessTarget loudness;
  private final ChunkRenderer renderer = new ChunkRenderer();
  private final RenderFiles files;

  /** Audio tracks encoding in this process, by storage key: the join waits for its own. */
  private final Map<String, CompletableFuture<Void>> audioInFlight = new ConcurrentHashMap<>();

  private final ExecutorService audioEncoders =
      Executors.newThreadPerTaskExecutor(
          Thread.ofPlatform().name("renderowl-audio-", 0).daemon().factory());

  /**
   * @param loudness what the audio mix is normalised to (RENDEROWL_LOUDNESS_TARGET,
   *     RENDEROWL_TRUE_PEAK_MAX)
   * @param files where this process's chunks and audio are kept for its joins (null: no handoff,
   *     and the audio is encoded inside prepare)
   */
  public RenderJobActivitiesImpl(
      TimelineRepository timelines,
      RenderRepository renders,
      PipelineRunRepository runs,
      ObjectStore store,
      LiveProgress live,
      RenderTuning tuning,
      LoudnessTarget loudness,
      RenderFiles files) {
    this.files = files;
    this.timelines = timelines;
    this.renders = renders;
    this.runs = runs;
    this.store = store;
    this.live = live;
    this.tuning = tuning;
    this.loudness = loudness;
  }

  @Override
  public PreparedRender prepareRender(RenderRequest request) {
    StepTimes times = new StepTimes(request.runId() + " prepare");
    TimelineDocument doc = load(request);
    List<TimelineProblem> problems = new ArrayList<>(TimelineValidator.problems(doc));
    problems.addAll(sources().problems(doc));
    if (!problems.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "timeline "
              + request.timelineId()
              + " has "
              + problems.size()
              + " problem(s): "
              + String.join("; ", problems.stream().map(TimelineProblem::toString).toList()),
          Failures.INVALID_INPUT);
    }
    RenderRow row =
        renders.createOrGet(
            request.runId(),
            UUID.fromString(request.timelineId()),
            UUID.fromString(request.userId()),
            doc.width() + "x" + doc.height());
    if (row.status() != RenderState.COMPLETED) {
      renders.markRendering(row.id());
    }
    String audioKey = ObjectKeys.renderAudio(request.runId(), row.id().toString());
    times.step("validate");
    if (!store.exists(audioKey)) {
      live.report(
          request.runId(), Stage.RENDER, 0, "mixing, normalising and encoding the audio track");
      LOG.debug("{}: encoding the audio of {} s", request.runId(), doc.durationSeconds());
      if (files == null) {
        encodeAudio(request.runId(), row.id(), doc, audioKey);
      } else {
        // The mix is encoded beside the first chunks (as the engine does in one process); the
        // join waits for it here, or encodes it itself when this process is not the one that
        // started it (another worker, a restart).
        audioInFlight.computeIfAbsent(
            audioKey,
            k ->
                CompletableFuture.runAsync(
                    () -> encodeAudio(request.runId(), row.id(), doc, audioKey), audioEncoders));
      }
      times.step("audio");
    }
    times.log();
    return new PreparedRender(
        row.id().toString(),
        doc.frameCount(),
        doc.fps(),
        doc.width(),
        doc.height(),
        doc.frameCount() / (double) doc.fps(),
        audioKey,
        tuning);
  }

  @Override
  public RenderResult joinRender(JoinRequest join) {
    RenderRequest request = join.request();
    PreparedRender prepared = join.prepared();
    UUID renderId = UUID.fromString(prepared.renderId());
    String key = ObjectKeys.render(request.runId(), prepared.renderId());
    RenderRow row =
        renders
            .find(renderId)
            .orElseThrow(() -> new NoSuchElementException("no render " + renderId));
    if (row.status() == RenderState.COMPLETED && store.exists(key)) {
      return new RenderResult(
          prepared.renderId(),
          key,
          store.size(key),
          prepared.totalFrames(),
          prepared.durationSeconds());
    }
    StepTimes times = new StepTimes(request.runId() + " join");
    awaitAudio(request.runId(), renderId, prepared.audioKey(), load(request.timelineId()));
    times.step("await_audio");
    TimelineDocument doc = load(request);
    live.report(
        request.runId(),
        Stage.RENDER,
        1.0,
        "joining " + join.chunks().size() + " chunk(s) and the audio");
    RenderOutcome outcome =
        withWorkFolder(
            "join",
            work -> {
              List<Path> chunkFiles = new ArrayList<>();
              for (ChunkResult chunk : join.chunks()) {
                Path target = work.resolve("chunk-" + chunk.chunk().index() + ".mp4");
                chunkFiles.add(
                    (files == null
                            ? java.util.Optional.<Path>empty()
                            : files.take(chunk.storageKey(), target))
                        .orElseGet(() ->
                            fetchChunk(
                                store, renderer, chunk.storageKey(), chunk.chunk(), work, target)));
              }
              Path audio = local(prepared.audioKey(), work.resolve("audio.m4a"));
              times.step("fetch");
              // The poster is the one the chunk holding its frame made; when it made none (a
              // resumed chunk, another worker's files gone), it is decoded from that chunk here
              // while the join copies the streams (the same picture as in the joined video). On a
              // thread of its own: on the common pool it waited behind whatever ran there (a
              // progress query the server held 5 s), and the join waits for it. The join's log line
              // says how long it waited to start, made or decoded the picture, and stored it.
              long posterFrame = Posters.frameOf(doc.frameCount());
              int holder = chunkHolding(join.chunks(), posterFrame);
              Path posterSource = chunkFiles.get(holder);
              long frameInChunk = posterFrame - join.chunks().get(holder).chunk().firstFrame();
              String chunkPoster = StoredChunks.posterKey(join.chunks().get(holder).storageKey());
              Path poster = work.resolve("poster.jpg");
              String posterKey = ObjectKeys.poster(request.runId(), prepared.renderId());
              long submitted = System.nanoTime();
              CompletableFuture<Void> posterDone =
                  CompletableFuture.runAsync(
                      () -> {
                        long started = System.nanoTime();
                        boolean fromChunk = chunkPoster(chunkPoster, poster);
                        if (!fromChunk) {
                          Posters.write(posterSource, frameInChunk, poster);
                        }
                        long written = System.nanoTime();
                        store.put(posterKey, poster, "image/jpeg");
                        times.note("poster_wait", (started - submitted) / 1_000_000 + "ms");
                        times.note(
                            "poster_" + (fromChunk ? "chunk" : "decoded"),
                            (written - started) / 1_000_000 + "ms");
                        times.note("poster_put", (System.nanoTime() - written) / 1_000_000 + "ms");
                      },
                      POSTER_THREADS);
              Path video = work.resolve("video.mp4");
              LOG.debug(
                  "{}: joining {} chunk(s) and the audio", request.runId(), chunkFiles.size());
              RenderOutcome joined;
              try {
                joined = renderer.join(doc, chunkFiles, audio, video);
                times.step("join");
                store.put(key, video, "video/mp4");
                times.step("upload");
              } finally {
                awaitPoster(posterDone);
              }
              times.step("poster");
              return joined;
            });
    renders.markCompleted(
        renderId, store.url(key), CreditPolicy.creditsFor(outcome.durationSeconds()));
    // The chunks, their segments and the audio track are deleted by deleteIntermediates, which
    // the workflow runs after this (a retried step whose end the render's result does not wait
    // for).
    if (request.pipelineRun()) {
      runs.attachRender(request.runId(), renderId, key);
    }
    live.report(
        request.runId(), Stage.RENDER, 1.0, String.format("rendered %d frames", outcome.frames()));
    times.step("record");
    times.log();
    return new RenderResult(
        prepared.renderId(), key, outcome.bytes(), outcome.frames(), outcome.durationSeconds());
  }

  @Override
  public void renderFailed(String runId, String reason) {
    if (files != null) {
      files.discardRun(runId);
    }
    renders
        .findByRun(runId)
        .filter(r -> !r.status().finished())
        .ifPresent(r -> {
          if (Failures.CANCELLED.equals(reason)) {
            renders.markCancelled(r.id());
          } else {
            renders.markFailed(r.id(), reason);
          }
        });
  }

  @Override
  public int deleteIntermediates(String runId) {
    Optional<RenderRow> render = renders.findByRun(runId);
    if (render.isEmpty()) {
      return 0; // the render failed before it was prepared: nothing stored
    }
    if (!render.get().status().finished()) {
      // The run's render is running again (a retried run): what is stored is its own.
      LOG.info("{}: render running again; its intermediates are kept", runId);
      return 0;
    }
    String folder = ObjectKeys.renderIntermediates(runId, render.get().id().toString());
    List<String> keys = store.list(folder);
    for (String key : keys) {
      store.delete(key); // a failure here fails the attempt, and the workflow retries it
    }
    LOG.debug("{}: deleted {} intermediate object(s) under {}", runId, keys.size(), folder);
    return keys.size();
  }

  /**
   * Mixes, normalises (two-pass loudness) and encodes the audio track, records the loudness
   * figures, stores the track and keeps it for this process's join.
   */
  private void encodeAudio(String runId, UUID renderId, TimelineDocument doc, String audioKey) {
    StepTimes times = new StepTimes(runId + " audio");
    withWorkFolder(
        "audio",
        work -> {
          Path audio = work.resolve("audio.m4a");
          LoudnessReport measured =
              renderer.renderAudio(doc, media(store, work), loudness, audio).loudness();
          LOG.debug("{}: audio loudness {}", runId, measured); // recorded on the render row
          renders.recordLoudness(
              renderId,
              RenderLoudness.of(
                  measured.inputIntegratedLufs(),
                  measured.inputTruePeakDbtp(),
                  measured.gainDb(),
                  measured.limited(),
                  measured.outputIntegratedLufs(),
                  measured.outputTruePeakDbtp()));
          times.step("encode");
          store.put(audioKey, audio, "audio/mp4");
          times.step("upload");
          if (files != null) {
            files.keep(audioKey, audio);
          }
          return null;
        });
    times.log();
  }

  /**
   * Waits for the audio this process is encoding; encodes it here when it is in neither this
   * process nor the store.
   */
  private void awaitAudio(String runId, UUID renderId, String audioKey, TimelineDocument doc) {
    CompletableFuture<Void> pending = audioInFlight.remove(audioKey);
    if (pending != null) {
      try {
        pending.join();
        return;
      } catch (java.util.concurrent.CompletionException e) {
        LOG.warn(
            "{}: encoding the audio beside the chunks failed ({}); encoding it again",
            runId,
            e.getCause().getMessage());
      }
    }
    if (!store.exists(audioKey)) {
      encodeAudio(runId, renderId, doc, audioKey);
    }
  }

  /**
   * Whether the poster the chunk made is now at {@code target}: kept by this process, or stored by
   * the worker that rendered the chunk.
   */
  private boolean chunkPoster(String key, Path target) {
    if (files != null && files.take(key, target).isPresent()) {
      return true;
    }
    try {
      if (store.exists(key)) {
        store.download(key, target);
        return true;
      }
    } catch (RuntimeException e) {
      LOG.debug("no poster under {} ({}); decoding it", key, e.toString());
    }
    return false;
  }

  /** The index of the chunk that holds {@code frame} (the last one when none does). */
  static int chunkHolding(List<ChunkResult> chunks, long frame) {
    for (int i = 0; i < chunks.size(); i++) {
      ChunkSpec spec = chunks.get(i).chunk();
      if (spec.firstFrame() <= frame && frame < spec.endFrame()) {
        return i;
      }
    }
    return chunks.size() - 1;
  }

  private static final Executor POSTER_THREADS =
      task -> Thread.ofPlatform().name("renderowl-poster").daemon().start(task);

  private static void awaitPoster(CompletableFuture<Void> poster) {
    try {
      poster.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw e;
    }
  }

  /** The stored file {@code key}: the copy this process kept, else a download. */
  private Path local(String key, Path target) {
    return (files == null ? java.util.Optional.<Path>empty() : files.take(key, target))
        .orElseGet(() -> store.download(key, target));
  }

  /** The request's timeline at the request's output size (a render preset's), same frames. */
  private TimelineDocument load(RenderRequest request) {
    TimelineDocument doc = load(request.timelineId());
    return request.resized() ? doc.withSize(request.width(), request.height()) : doc;
  }

  private TimelineDocument load(String timelineId) {
    try {
      return timelines.load(UUID.fromString(timelineId));
    } catch (NoSuchElementException | IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "no stored timeline " + timelineId, Failures.INVALID_INPUT);
    }
  }

  /** Where stored timelines' media is: s3:// objects in the store, or absolute local paths. */
  private TimelineSources sources() {
    return new TimelineSources(null, url -> store.exists(store.keyOf(url)), false);
  }

  /** Resolves s3:// sources by download into {@code work}, local paths as they are. */
  static MediaResolver media(ObjectStore store, Path work) {
    return new TimelineSources(null, null, false).resolver(new StoredMedia(store, work));
  }

  interface Work<T> {
    T in(Path folder) throws IOException;
  }

  static <T> T withWorkFolder(String what, Work<T> work) {
    Path folder = null;
    try {
      folder = Files.createTempDirectory("renderowl-" + what + "-");
      return work.in(folder);
    } catch (IOException e) {
      throw new UncheckedIOException(what + " failed: " + e.getMessage(), e);
    } finally {
      TempFiles.deleteRecursively(folder);
    }
  }

  /**
   * The chunk's file in {@code target}: the stored chunk, else its segments joined by stream copy
   * (downloaded into {@code work}).
   *
   * @throws IllegalStateException when neither is in storage
   */
  public static Path fetchChunk(
      ObjectStore store,
      ChunkRenderer renderer,
      String chunkKey,
      ChunkSpec chunk,
      Path work,
      Path target) {
    if (store.exists(chunkKey)) {
      return store.download(chunkKey, target);
    }
    List<String> segments =
        StoredChunks.segmentsOf(store.list(StoredChunks.segmentPrefix(chunkKey)), chunkKey, chunk)
            .orElseThrow(() ->
                new IllegalStateException(
                    "chunk " + chunkKey + " is in storage neither as a file nor as its segments"));
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < segments.size(); i++) {
      files.add(
          store.download(
              segments.get(i), work.resolve("chunk-" + chunk.index() + "-s" + i + ".mp4")));
    }
    renderer.joinVideo(files, new FrameRange(chunk.firstFrame(), chunk.endFrame()), target);
    return target;
  }
}
