package io.renderowl.activities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.renderowl.activities.render.ChunkActivitiesImpl;
import io.renderowl.activities.render.ChunkRenderer;
import io.renderowl.activities.render.FrameRange;
import io.renderowl.activities.render.Framecodes;
import io.renderowl.activities.render.RenderJobActivitiesImpl;
import io.renderowl.activities.render.StoredChunks;
import io.renderowl.activities.render.TimelineSources;
import io.renderowl.activities.render.VideoEncoding;
import io.renderowl.activities.storage.StoredMedia;
import io.renderowl.activities.visuals.ProceduralPictures;
import io.renderowl.activities.worker.PipelineWorkers;
import io.renderowl.infra.persistence.RenderChunkRepository;
import io.renderowl.infra.persistence.RenderChunkRow;
import io.renderowl.infra.persistence.RenderRepository;
import io.renderowl.infra.persistence.RenderRow;
import io.renderowl.infra.persistence.TimelineRepository;
import io.renderowl.infra.pipeline.RenderRuns;
import io.renderowl.infra.pipeline.RunStatus;
import io.renderowl.infra.storage.ObjectStore;
import io.renderowl.infra.users.LocalUser;
import io.renderowl.workflows.RenderRequest;
import io.renderowl.workflows.RenderState;
import io.renderowl.workflows.RunState;
import io.renderowl.workflows.Scene;
import io.renderowl.workflows.timeline.ClipDocument;
import io.renderowl.workflows.timeline.TimelineDocument;
import io.renderowl.workflows.timeline.TrackDocument;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Chunked renders through the render workflow on the embedded stack: PostgreSQL, S3Proxy, Redis,
 * the in-process Temporal server and this process's real render workers (libx264).
 */
class ChunkedRenderSystemTest extends EngineSystemTest {

  @Autowired RenderRuns renderRuns;
  @Autowired LocalUser localUser;
  @Autowired ObjectStore store;
  @Autowired TimelineRepository timelines;
  @Autowired RenderRepository renders;
  @Autowired RenderChunkRepository chunks;
  @Autowired PipelineWorkers workers;
  @Autowired RenderRepository renderRows;
  @Autowired io.renderowl.infra.persistence.PipelineRunRepository runRows;
  @Autowired io.renderowl.infra.progress.RenderWorkerRegistry registry;
  @Autowired io.renderowl.infra.temporal.TemporalConnection temporal;
  @Autowired io.renderowl.infra.progress.LiveProgress live;

  @Test
  void aTimelineRendersInThreeChunksJoinedToExactlyItsFrames(@TempDir Path tmp) throws Exception {
    TimelineDocument doc = timeline(tmp, 320, 240, 90);
    UUID timelineId = timelines.save(localUser.id(), doc);
    String runId = "render-" + UUID.randomUUID();

    renderRuns.start(
        new RenderRequest(
            runId, localUser.id().toString(), timelineId.toString(), 0, 3, false, false));
    List<RunStatus> seen = new ArrayList<>();
    RunStatus done =
        renderRuns.await(runId, localUser.id().toString(), Duration.ofMillis(200), seen::add);

    assertThat(done.state()).as(done.message()).isEqualTo(RunState.COMPLETED);
    RenderRow render = renders.findByRun(runId).orElseThrow();
    assertThat(render.status()).isEqualTo(RenderState.COMPLETED);
    List<RenderChunkRow> rows = chunks.findByRender(render.id());
    assertThat(rows)
        .extracting(RenderChunkRow::status)
        .containsExactly(RenderState.COMPLETED, RenderState.COMPLETED, RenderState.COMPLETED);
    assertThat(rows).extracting(RenderChunkRow::firstFrame).containsExactly(0L, 30L, 60L);
    assertThat(rows).extracting(RenderChunkRow::frameCount).containsExactly(30L, 30L, 30L);
    assertThat(rows).extracting(RenderChunkRow::encoder).containsOnly("libx264");
    // Rendered and joined in this process: each chunk was kept as its stored segments (not
    // uploaded again as one file); those and the audio track are deleted once the render has
    // ended, by the render's cleanup child workflow, and only the video and its poster stay.
    assertThat(rows).allSatisfy(r -> assertThat(r.storageKey()).isNotBlank());
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() ->
            assertThat(store.list("runs/" + runId + "/renders/"))
                .containsExactlyInAnyOrder(
                    done.outputKey(), done.outputKey().replace(".mp4", ".jpg")));
    int deleted =
        temporal
            .client()
            .newUntypedWorkflowStub(io.renderowl.workflows.RenderCleanupWorkflow.workflowId(runId))
            .getResult(30, java.util.concurrent.TimeUnit.SECONDS, Integer.class);
    assertThat(deleted).as("3 chunks' segments and the audio track").isGreaterThanOrEqualTo(4);
    System.out.println(cleanupReport(runId, deleted));

    Path mp4 = store.download(done.outputKey(), tmp.resolve("out.mp4"));
    List<Long> framecodes = framecodes(mp4);
    assertThat(framecodes).hasSize(90);
    assertThat(framecodes).isEqualTo(java.util.stream.LongStream.range(0, 90).boxed().toList());
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(mp4.toFile())) {
      grabber.start();
      assertThat(grabber.getAudioChannels()).isPositive();
      assertThat(grabber.getVideoCodecName()).isEqualTo("h264");
    }
    // the poster is frame 9 (a tenth in), which the first chunk decoded from its segment
    Path poster =
        store.download(done.outputKey().replace(".mp4", ".jpg"), tmp.resolve("poster.jpg"));
    assertThat(Framecodes.read(javax.imageio.ImageIO.read(poster.toFile()))).isEqualTo(9);
  }

  @Test
  void aChunkStoredAsItsSegmentsIsJoinedFromStorageByAWorkerThatDidNotRenderIt(@TempDir Path tmp)
      throws Exception {
    TimelineDocument doc = timeline(tmp, 320, 240, 150);
    String chunkKey = "runs/segments-test/renders/r/chunks/1-30+100-libx264.mp4";
    io.renderowl.workflows.ChunkSpec chunk = new io.renderowl.workflows.ChunkSpec(1, 30, 100);
    List<FrameRange> segments =
        ChunkRenderer.segments(new FrameRange(30, 130), ChunkRenderer.segmentFrames(30));
    Path work = java.nio.file.Files.createDirectories(tmp.resolve("work"));
    new ChunkRenderer()
        .renderSegments(
            doc,
            new TimelineSources(null, null, false).resolver(new StoredMedia(store, work)),
            segments,
            VideoEncoding.forFrame(320, 240, 30),
            segment -> work.resolve("segment-" + segment.from() + ".mp4"),
            (segment, file) ->
                store.put(StoredChunks.segmentKey(chunkKey, segment), file, "video/mp4"),
            0,
            100,
            (done, total) -> {});
    assertThat(segments).hasSize(2);
    assertThat(ChunkActivitiesImpl.chunkStored(store, chunkKey, chunk)).isTrue();

    Path joined =
        RenderJobActivitiesImpl.fetchChunk(
            store,
            new ChunkRenderer(),
            chunkKey,
            chunk,
            java.nio.file.Files.createDirectories(tmp.resolve("join")),
            tmp.resolve("chunk.mp4"));

    assertThat(framecodes(joined))
        .isEqualTo(java.util.stream.LongStream.range(30, 130).boxed().toList());
    // a missing segment: the chunk is not in storage (it is rendered again)
    store.delete(StoredChunks.segmentKey(chunkKey, segments.getLast()));
    assertThat(ChunkActivitiesImpl.chunkStored(store, chunkKey, chunk)).isFalse();
    store.list(StoredChunks.segmentPrefix(chunkKey)).forEach(store::delete);
    assertThat(store.list(StoredChunks.segmentPrefix(chunkKey))).isEmpty();
  }

  @Test
  void anEndedRenderLosesItsIntermediatesButNotItsVideoAndOneRunningAgainKeepsThem(
      @TempDir Path tmp) throws Exception {
    UUID timelineId = timelines.save(localUser.id(), timeline(tmp, 320, 240, 30));
    String runId = "render-" + UUID.randomUUID();
    RenderRow row = renders.createOrGet(runId, timelineId, localUser.id(), "320x240");
    renders.markRendering(row.id());
    String folder = "runs/" + runId + "/renders/" + row.id() + "/";
    Path bytes = java.nio.file.Files.write(tmp.resolve("bytes"), new byte[16]);
    store.put(folder + "audio.m4a", bytes, "audio/mp4");
    store.put(folder + "chunks/0-0+30-libx264/segments/0+30.mp4", bytes, "video/mp4");
    store.put("runs/" + runId + "/renders/" + row.id() + ".mp4", bytes, "video/mp4");
    store.put("runs/" + runId + "/renders/" + row.id() + ".jpg", bytes, "image/jpeg");
    RenderJobActivitiesImpl jobs =
        new RenderJobActivitiesImpl(
            timelines,
            renders,
            runRows,
            store,
            live,
            new io.renderowl.workflows.RenderTuning(30, 60, 2),
            io.renderowl.activities.render.LoudnessTarget.DEFAULT,
            null);

    // running again (a retried run): what is stored is the new attempt's
    assertThat(jobs.deleteIntermediates(runId)).isZero();
    assertThat(store.list(folder)).hasSize(2);

    renders.markFailed(row.id(), "encoder crashed");
    assertThat(jobs.deleteIntermediates(runId)).isEqualTo(2);
    assertThat(jobs.deleteIntermediates(runId)).as("a retried attempt").isZero();
    assertThat(store.list("runs/" + runId + "/"))
        .containsExactlyInAnyOrder(
            "runs/" + runId + "/renders/" + row.id() + ".mp4",
            "runs/" + runId + "/renders/" + row.id() + ".jpg");
  }

  @Test
  void aRenderWhoseWorkerStopsAfterSomeChunksRedoesOnlyTheRest(@TempDir Path tmp) throws Exception {
    TimelineDocument doc = timeline(tmp, 640, 360, 360);
    UUID timelineId = timelines.save(localUser.id(), doc);
    String runId = "render-" + UUID.randomUUID();
    renderRuns.start(
        new RenderRequest(
            runId, localUser.id().toString(), timelineId.toString(), 0, 12, false, false));

    // One chunk at a time (RENDEROWL_RENDER_CONCURRENCY=1): stop the render worker once two
    // chunks are recorded finished, then start a new one.
    UUID renderId =
        await()
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(20))
            .until(() -> renders.findByRun(runId).map(RenderRow::id), Optional::isPresent)
            .orElseThrow();
    await()
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofMillis(20))
        .until(() ->
            chunks.findByRender(renderId).stream().filter(RenderChunkRow::completed).count() >= 2);
    workers.stopRenderWorkers();
    List<RenderChunkRow> finishedBeforeStop =
        chunks.findByRender(renderId).stream().filter(RenderChunkRow::completed).toList();
    workers.startRenderWorkers();
    RunStatus done =
        renderRuns.await(runId, localUser.id().toString(), Duration.ofMillis(200), s -> {});

    assertThat(done.state()).as(done.message()).isEqualTo(RunState.COMPLETED);
    assertThat(finishedBeforeStop).hasSizeBetween(2, 11);
    Set<Integer> finishedIndexes =
        finishedBeforeStop.stream().map(RenderChunkRow::chunkIndex).collect(Collectors.toSet());
    String firstWorker = finishedBeforeStop.getFirst().workerIdentity();
    List<RenderChunkRow> after = chunks.findByRender(renderId);
    assertThat(after).hasSize(12).allSatisfy(r -> assertThat(r.completed()).isTrue());
    // The chunks finished before the stop were rendered once, by the first worker ...
    assertThat(after)
        .filteredOn(r -> finishedIndexes.contains(r.chunkIndex()))
        .allSatisfy(r -> {
          assertThat(r.attempts()).isEqualTo(1);
          assertThat(r.workerIdentity()).isEqualTo(firstWorker);
        });
    // ... and the new worker rendered every other one.
    assertThat(after)
        .filteredOn(r -> !finishedIndexes.contains(r.chunkIndex()))
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.workerIdentity()).isNotEqualTo(firstWorker));
    assertThat(framecodes(store.download(done.outputKey(), tmp.resolve("out.mp4"))))
        .isEqualTo(java.util.stream.LongStream.range(0, 360).boxed().toList());
  }

  @Test
  void chunksGoToAnAnnouncedGpuWorker(@TempDir Path tmp) throws Exception {
    // No GPU here: a worker on the GPU queue that encodes with libx264 stands in for one; what is
    // tested is where the chunks go. The in-process server lacks DescribeTaskQueue, so routing
    // asks the Redis registry the worker announces itself in.
    String identity = "test-gpu-" + UUID.randomUUID();
    io.temporal.worker.WorkerFactory factory =
        io.temporal.worker.WorkerFactory.newInstance(temporal.client());
    factory
        .newWorker(
            io.renderowl.workflows.TaskQueues.RENDER_GPU,
            io.temporal.worker.WorkerOptions.newBuilder().setIdentity(identity).build())
        .registerActivitiesImplementations(
            new ChunkActivitiesImpl(
                timelines, chunks, renderRows, store, live, "libx264", identity));
    factory.start();
    registry.announce(io.renderowl.workflows.TaskQueues.RENDER_GPU, identity, "libx264", 1);
    try {
      TimelineDocument doc = timeline(tmp, 320, 240, 60);
      UUID timelineId = timelines.save(localUser.id(), doc);
      String runId = "render-" + UUID.randomUUID();
      renderRuns.start(
          new RenderRequest(
              runId, localUser.id().toString(), timelineId.toString(), 0, 2, false, false));

      RunStatus done =
          renderRuns.await(runId, localUser.id().toString(), Duration.ofMillis(200), s -> {});

      assertThat(done.state()).as(done.message()).isEqualTo(RunState.COMPLETED);
      assertThat(chunks.findByRender(renders.findByRun(runId).orElseThrow().id()))
          .extracting(RenderChunkRow::workerIdentity)
          .containsExactly(identity, identity);
    } finally {
      registry.withdraw(io.renderowl.workflows.TaskQueues.RENDER_GPU, identity);
      factory.shutdownNow();
    }
  }

  @Test
  void aGpuWorkerThatIsAnnouncedButGoneFallsBackToTheCpuQueue(@TempDir Path tmp) throws Exception {
    // Stale information: announced in the registry, but nobody polls the GPU queue. Each chunk
    // waits RENDEROWL_RENDER_GPU_WAIT_SECONDS (5 s here) there, then goes to the CPU queue.
    String identity = "gone-gpu-" + UUID.randomUUID();
    registry.announce(io.renderowl.workflows.TaskQueues.RENDER_GPU, identity, "h264_nvenc", 1);
    try {
      TimelineDocument doc = timeline(tmp, 320, 240, 60);
      UUID timelineId = timelines.save(localUser.id(), doc);
      String runId = "render-" + UUID.randomUUID();
      renderRuns.start(
          new RenderRequest(
              runId, localUser.id().toString(), timelineId.toString(), 0, 2, false, false));

      RunStatus done =
          renderRuns.await(runId, localUser.id().toString(), Duration.ofMillis(200), s -> {});

      assertThat(done.state()).as(done.message()).isEqualTo(RunState.COMPLETED);
      List<RenderChunkRow> rows = chunks.findByRender(renders.findByRun(runId).orElseThrow().id());
      assertThat(rows).extracting(RenderChunkRow::encoder).containsExactly("libx264", "libx264");
      assertThat(rows)
          .extracting(RenderChunkRow::workerIdentity)
          .allSatisfy(w -> assertThat(w).contains(" cpu#"));
      // Both chunks were first scheduled on the GPU queue and timed out there before starting.
      var events = temporal.client().fetchHistory(runId).getEvents();
      assertThat(events)
          .filteredOn(e ->
              e.hasActivityTaskScheduledEventAttributes()
                  && e.getActivityTaskScheduledEventAttributes()
                      .getTaskQueue()
                      .getName()
                      .equals(io.renderowl.workflows.TaskQueues.RENDER_GPU))
          .hasSize(2);
      assertThat(events)
          .filteredOn(e ->
              e.hasActivityTaskTimedOutEventAttributes()
                  && e.getActivityTaskTimedOutEventAttributes()
                          .getFailure()
                          .getTimeoutFailureInfo()
                          .getTimeoutType()
                      == io.temporal.api.enums.v1.TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START)
          .hasSize(2);
    } finally {
      registry.withdraw(io.renderowl.workflows.TaskQueues.RENDER_GPU, identity);
    }
  }

  /** Two pictures and a framecode bar over {@code frames} frames at 30 fps. */
  /**
   * From the histories: how long the render's result came after its join, how much of that was the
   * wait for the cleanup child's start, and how long the cleanup itself took.
   */
  private String cleanupReport(String runId, int deleted) {
    List<io.temporal.api.history.v1.HistoryEvent> render =
        temporal.client().fetchHistory(runId).getEvents();
    List<io.temporal.api.history.v1.HistoryEvent> cleanup =
        temporal
            .client()
            .fetchHistory(io.renderowl.workflows.RenderCleanupWorkflow.workflowId(runId))
            .getEvents();
    long joined =
        millis(
            render.stream()
                .filter(e ->
                    e.getEventType()
                        == io.temporal.api.enums.v1.EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED)
                .reduce((a, b) -> b)
                .orElseThrow());
    long childStarted =
        millis(
            render.stream()
                .filter(e ->
                    e.getEventType()
                        == io.temporal.api.enums.v1.EventType
                            .EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED)
                .findFirst()
                .orElseThrow());
    long completed = millis(render.getLast());
    return String.format(
        "render %s: result %d ms after the join completed (cleanup child started %d ms after it);"
            + " cleanup deleted %d object(s) in %d ms, ending %d ms after the result",
        runId,
        completed - joined,
        childStarted - joined,
        deleted,
        millis(cleanup.getLast()) - millis(cleanup.getFirst()),
        millis(cleanup.getLast()) - completed);
  }

  private static long millis(io.temporal.api.history.v1.HistoryEvent event) {
    return event.getEventTime().getSeconds() * 1000 + event.getEventTime().getNanos() / 1_000_000;
  }

  private TimelineDocument timeline(Path tmp, int width, int height, int frames) {
    ProceduralPictures pictures = new ProceduralPictures();
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Path png = tmp.resolve("picture-" + i + ".png");
      pictures.writePng(
          pictures.draw("owls", new Scene(i, "scene " + i, "illustration", 2), width, height), png);
      String key = "test-media/" + UUID.randomUUID() + ".png";
      store.put(key, png, "image/png");
      urls.add(store.url(key));
    }
    double seconds = frames / 30.0;
    return new TimelineDocument(
        null,
        "chunked",
        width,
        height,
        30,
        "#000000",
        "crossfade",
        seconds,
        List.of(
            new TrackDocument(
                null,
                "pictures",
                "image",
                0,
                true,
                List.of(
                    new ClipDocument(null, "image", 0, seconds / 2 + 0.2, urls.get(0), Map.of()),
                    new ClipDocument(
                        null,
                        "image",
                        seconds / 2 - 0.2,
                        seconds / 2 + 0.2,
                        urls.get(1),
                        Map.of("transitionIn", "crossfade", "transitionSeconds", 0.4)))),
            new TrackDocument(
                null,
                "code",
                "effect",
                1,
                true,
                List.of(new ClipDocument(null, "framecode", 0, seconds, null, Map.of())))));
  }

  private static List<Long> framecodes(Path mp4) throws Exception {
    List<Long> codes = new ArrayList<>();
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(mp4.toFile());
        Java2DFrameConverter converter = new Java2DFrameConverter()) {
      grabber.start();
      Frame frame;
      while ((frame = grabber.grabImage()) != null) {
        BufferedImage image = converter.convert(frame);
        codes.add(Framecodes.read(image));
      }
    }
    return codes;
  }
}
