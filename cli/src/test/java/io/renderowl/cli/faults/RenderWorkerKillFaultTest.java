package io.renderowl.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.renderowl.activities.EngineTestApplication;
import io.renderowl.activities.render.Framecodes;
import io.renderowl.activities.visuals.ProceduralPictures;
import io.renderowl.activities.voice.EspeakSpeaker;
import io.renderowl.activities.worker.PipelineWorkers;
import io.renderowl.cli.bench.MediaProbe;
import io.renderowl.infra.persistence.RenderChunkRepository;
import io.renderowl.infra.persistence.RenderChunkRow;
import io.renderowl.infra.persistence.RenderRepository;
import io.renderowl.infra.persistence.RenderRow;
import io.renderowl.infra.persistence.TimelineRepository;
import io.renderowl.infra.pipeline.RenderRuns;
import io.renderowl.infra.pipeline.RunStatus;
import io.renderowl.infra.progress.LiveProgress;
import io.renderowl.infra.stack.StackEndpoints;
import io.renderowl.infra.storage.ObjectStore;
import io.renderowl.infra.temporal.TemporalConnection;
import io.renderowl.infra.users.LocalUser;
import io.renderowl.workflows.RenderRequest;
import io.renderowl.workflows.RenderState;
import io.renderowl.workflows.RunState;
import io.renderowl.workflows.Scene;
import io.renderowl.workflows.timeline.ClipDocument;
import io.renderowl.workflows.timeline.TimelineDocument;
import io.renderowl.workflows.timeline.TrackDocument;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Fault: the render worker process is SIGKILLed in the middle of a chunk, and a new worker process
 * is started. This JVM hosts the embedded stack (PostgreSQL, S3Proxy, Redis, the in-process
 * Temporal server) and the workflows; the only render worker is an {@code owl worker --render-only}
 * process. The retried chunk must resume from the last segment its heartbeat recorded, and the
 * render must hold every invariant: one completed render, an MP4 of exactly the timeline's frames
 * in order, audio and video starting together.
 */
@Tag("faults")
// two worker JVMs start: about 10 s each on an idle machine, 1-3 min each under a load of 25
@Timeout(value = 20, unit = TimeUnit.MINUTES)
// Each fault class has its own context (own properties) on the one test home: close it after the
// class, or the next class's embedded stack finds the home locked (OverlappingFileLockException).
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(classes = EngineTestApplication.class)
class RenderWorkerKillFaultTest {
  // 80 s: long enough that on a quiet machine the kill (two stored segments and a heartbeat
  // interval after 40% of the frames) lands before the chunk's last segment; with 1200 frames the
  // cheaper audio pass let a quiet worker finish the chunk's segments before the kill
  private static final int FRAMES = 2400;
  private static final int FPS = 30;

  static {
    // owl's logback configuration writes a file (LOG_FILE_IS_UNDEFINED in the working directory
    // when unset); keep it in the test home
    System.setProperty("LOG_FILE", EngineTestApplication.HOME.resolve("logs/test.log").toString());
  }

  @DynamicPropertySource
  static void engine(DynamicPropertyRegistry registry) {
    EngineTestApplication.properties(registry);
  }

  @Autowired StackEndpoints stack;
  @Autowired RenderRuns renderRuns;
  @Autowired LocalUser localUser;
  @Autowired ObjectStore store;
  @Autowired TimelineRepository timelines;
  @Autowired RenderRepository renders;
  @Autowired RenderChunkRepository chunks;
  @Autowired PipelineWorkers workers;
  @Autowired LiveProgress live;
  @Autowired TemporalConnection temporal;

  @BeforeEach
  void onlyWorkerProcessesRender() {
    workers.stopRenderWorkers();
  }

  @AfterEach
  void renderHereAgain() {
    workers.startRenderWorkers();
  }

  @Test
  void aRenderWorkerKilledMidChunkIsResumedByANewWorkerFromItsLastStoredSegment(@TempDir Path tmp)
      throws Exception {
    TimelineDocument doc = timeline(tmp, 960, 540);
    UUID timelineId = timelines.save(localUser.id(), doc);
    String runId = "render-" + UUID.randomUUID();
    String user = localUser.id().toString();
    long framesAtKill;
    double killedAt;
    double resumedAfter;
    try (WorkerProcess first =
        WorkerProcess.startPolling(
            stack, tmp.resolve("worker-1"), WorkerProcess.options().args("--render-only"))) {
      renderRuns.start(new RenderRequest(runId, user, timelineId.toString(), 0, 1, false, false));
      UUID renderId =
          await()
              .atMost(Duration.ofMinutes(2))
              .pollInterval(Duration.ofMillis(50))
              .until(() -> renders.findByRun(runId).map(RenderRow::id), Optional::isPresent)
              .orElseThrow();
      // Kill it once it has stored two segments and the server holds a heartbeat of the attempt:
      // a retried attempt resumes only when it finds one (it names the segment length), and then
      // keeps every leading segment in storage. Conditions, not a pause: a fixed wait of one
      // heartbeat interval after 40% of the frames let a render that had become faster (2400
      // frames of 960x540 in 5 s on two cores) finish the chunk before the kill.
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> storedSegments(runId) >= 2 && serverHoldsAChunkHeartbeat(runId));
      framesAtKill = framesDrawn(runId);
      first.kill();
      killedAt = System.nanoTime() / 1e9;
      assertThat(renders.findByRun(runId).orElseThrow().status())
          .isNotEqualTo(RenderState.COMPLETED);

      try (WorkerProcess second =
          WorkerProcess.startPolling(
              stack, tmp.resolve("worker-2"), WorkerProcess.options().args("--render-only"))) {
        await()
            .atMost(Duration.ofMinutes(4))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> chunks.find(renderId, 0).map(RenderChunkRow::attempts).orElse(0) >= 2);
        resumedAfter = System.nanoTime() / 1e9 - killedAt;
        RunStatus done = renderRuns.await(runId, user, Duration.ofMillis(200), s -> {});
        assertThat(done.state())
            .as(done.message() + "\n" + second.log())
            .isEqualTo(RunState.COMPLETED);

        long resumedFrom = chunks.resumedFrom(renderId, 0).orElseThrow();
        long redone = framesAtKill - resumedFrom;
        RenderRow render = renders.findByRun(runId).orElseThrow();
        assertThat(render.status()).isEqualTo(RenderState.COMPLETED);
        assertThat(chunks.findByRender(renderId))
            .singleElement()
            .satisfies(c -> {
              assertThat(c.completed()).isTrue();
              assertThat(c.attempts()).isEqualTo(2);
            });
        // It resumed: the frames of the segments stored before the kill were not drawn again.
        assertThat(resumedFrom)
            .as("resumed from (killed at frame %d of %d)", framesAtKill, FRAMES)
            .isPositive()
            .isLessThanOrEqualTo(framesAtKill);
        Path mp4 = store.download(done.outputKey(), tmp.resolve("out.mp4"));
        MediaProbe probe = MediaProbe.of(mp4);
        assertThat(probe.videoFrames()).isEqualTo(FRAMES);
        assertThat(probe.avOffsetMs()).isCloseTo(0.0, org.assertj.core.data.Offset.offset(0.5));
        assertThat(framecodes(mp4)).isEqualTo(LongStream.range(0, FRAMES).boxed().toList());
        double recovered = System.nanoTime() / 1e9 - killedAt;
        FaultReport.line(
            "SIGKILL render worker mid-chunk (frame "
                + framesAtKill
                + " of "
                + FRAMES
                + "), new worker",
            "1 completed render, "
                + probe.videoFrames()
                + " frames in order (framecodes), A/V offset "
                + String.format("%.1f ms", probe.avOffsetMs())
                + ", chunk attempts 2",
            true,
            recovered,
            redone
                + " frames redone (resumed at frame "
                + resumedFrom
                + ", drawn "
                + framesAtKill
                + " before the kill; resumed "
                + String.format("%.1f s", resumedAfter)
                + " after it)");
      }
    }
  }

  /** Whether the render's workflow has a pending activity whose heartbeat reached the server. */
  private boolean serverHoldsAChunkHeartbeat(String runId) {
    return temporal
        .stubs()
        .blockingStub()
        .describeWorkflowExecution(
            DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace(temporal.client().getOptions().getNamespace())
                .setExecution(WorkflowExecution.newBuilder().setWorkflowId(runId))
                .build())
        .getPendingActivitiesList()
        .stream()
        .anyMatch(PendingActivityInfo::hasHeartbeatDetails);
  }

  private long storedSegments(String runId) {
    return store.list("runs/" + runId + "/").stream().filter(k -> k.contains("/segments/")).count();
  }

  /** Frames the render has drawn, as its chunk heartbeats report them (every 15 frames). */
  private long framesDrawn(String runId) {
    return live.read(runId).map(e -> Math.round(e.fraction() * FRAMES)).orElse(0L);
  }

  /** Two pictures crossfading, a framecode bar and a voice, 40 s at 30 fps. */
  private TimelineDocument timeline(Path tmp, int width, int height) {
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
    Path wav = tmp.resolve("voice.wav");
    new EspeakSpeaker().synthesize("Owls fly at night and see in the dark.", "en", wav);
    String voiceKey = "test-media/" + UUID.randomUUID() + ".wav";
    store.put(voiceKey, wav, "audio/wav");
    double seconds = FRAMES / (double) FPS;
    return new TimelineDocument(
        null,
        "fault",
        width,
        height,
        FPS,
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
                List.of(new ClipDocument(null, "framecode", 0, seconds, null, Map.of()))),
            new TrackDocument(
                null,
                "voice",
                "audio",
                2,
                true,
                List.of(
                    new ClipDocument(null, "audio", 0.5, 2.0, store.url(voiceKey), Map.of())))));
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
