package io.renderowl.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.renderowl.activities.EngineTestApplication;
import io.renderowl.activities.SmallDisk;
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
import io.renderowl.infra.stack.StackEndpoints;
import io.renderowl.infra.storage.ObjectStore;
import io.renderowl.infra.users.LocalUser;
import io.renderowl.workflows.RenderRequest;
import io.renderowl.workflows.RunState;
import io.renderowl.workflows.Scene;
import io.renderowl.workflows.timeline.ClipDocument;
import io.renderowl.workflows.timeline.TimelineDocument;
import io.renderowl.workflows.timeline.TrackDocument;
import java.awt.image.BufferedImage;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
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
 * Fault: the disk of a render worker's scratch folder fills up during a render. The only render
 * worker is an {@code owl worker --render-only} process whose temporary folder ({@code
 * java.io.tmpdir}, where chunks are drawn, joined and the media downloaded) is a small tmpfs that
 * this test mounts (it needs root and {@code mount}; skipped with the reason otherwise) and fills
 * with a filler file before the render, leaving room for the chunk's media and a little video. The
 * chunk must fail with its reason recorded, naming the full disk; once the filler is deleted a
 * retry must complete the render with exactly the timeline's frames in order (nothing half-written
 * joined).
 */
@Tag("faults")
// one worker JVM start (10 s idle, 1-3 min under load) and a 20 s 640x360 render
@Timeout(value = 15, unit = TimeUnit.MINUTES)
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(classes = EngineTestApplication.class)
class DiskFullFaultTest {
  private static final int FPS = 30;
  private static final int FRAMES = 600;
  // room for video on the otherwise full disk: less than the chunk's segments need
  private static final long LEFT_FOR_VIDEO = 96 * 1024;

  static {
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
  @Autowired io.renderowl.infra.progress.LiveProgress live;

  @BeforeEach
  void onlyTheWorkerOnTheSmallDiskRenders() {
    workers.stopRenderWorkers();
  }

  @AfterEach
  void renderHereAgain() {
    workers.startRenderWorkers();
  }

  @Test
  void aFullScratchDiskFailsTheChunkWithItsReasonAndARetryCompletesOnceSpaceIsBack(
      @TempDir Path tmp) throws Exception {
    Path disk = tmp.resolve("scratch");
    Files.createDirectories(disk);
    String mounted = SmallDisk.mount(disk, "16m");
    Assumptions.assumeTrue(
        mounted == null, () -> "cannot mount a tmpfs here (needs root and mount): " + mounted);
    try {
      TimelineDocument doc = timeline(tmp, 640, 360);
      UUID timelineId = timelines.save(localUser.id(), doc);
      String runId = "render-disk-" + UUID.randomUUID();
      String user = localUser.id().toString();
      Path netty = tmp.resolve("netty");
      Files.createDirectories(netty);
      List<String> jvm =
          List.of(
              "-Xmx512m",
              "-Djava.io.tmpdir=" + disk,
              // the native transport of gRPC is unpacked to java.io.tmpdir unless told otherwise
              "-Dio.netty.native.workdir=" + netty,
              "-Dio.grpc.netty.shaded.io.netty.native.workdir=" + netty);
      try (WorkerProcess worker =
          WorkerProcess.startPolling(
              stack, tmp.resolve("worker"), WorkerProcess.cappedRenderWorker(List.of(), jvm))) {
        // The disk is filled before the render but for the media the chunk downloads and
        // LEFT_FOR_VIDEO, less than the chunk's segments and their join need (96 KiB lasted some
        // 180 of the 600 frames), so the chunk cannot complete: it runs out of space while it is
        // drawn, or at its
        // download when the render's audio, encoded beside it on this worker, took the room first.
        // (Filling it once the first frames were seen raced the chunk: a chunk that finished
        // first left the full disk to the render's join, which failed the render for good.)
        Path filler = disk.resolve("filler");
        SmallDisk.fill(filler, 1L << 30);
        long media = 0;
        for (String name : List.of("picture.png", "voice.wav")) {
          media += pages(Files.size(tmp.resolve(name)));
        }
        try (FileChannel channel = FileChannel.open(filler, StandardOpenOption.WRITE)) {
          channel.truncate(Math.max(0, channel.size() - media - LEFT_FOR_VIDEO));
        }
        long free = Files.getFileStore(disk).getUsableSpace();
        renderRuns.start(new RenderRequest(runId, user, timelineId.toString(), 0, 1, false, false));
        UUID renderId =
            await()
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> renders.findByRun(runId).map(RenderRow::id), Optional::isPresent)
                .orElseThrow();
        // the first attempt fails; its reason is recorded on the chunk
        String reason =
            await()
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(10))
                .until(
                    () -> chunks.find(renderId, 0).map(RenderChunkRow::errorMessage).orElse(null),
                    r -> r != null && !r.isBlank());
        double failedAt = System.nanoTime() / 1e9;
        long framesAtFailure = framesDrawn(runId);
        Files.delete(filler);
        assertThat(reason)
            .as("the chunk's recorded reason names the full disk\n" + worker.log())
            .satisfiesAnyOf(
                r -> assertThat(r).containsIgnoringCase("no space left on device"),
                r -> assertThat(r).contains("ENOSPC"));
        RunStatus done = renderRuns.await(runId, user, Duration.ofMillis(200), s -> {});
        double recovered = System.nanoTime() / 1e9 - failedAt;
        assertThat(done.state())
            .as(done.message() + "\n" + worker.log())
            .isEqualTo(RunState.COMPLETED);
        RenderChunkRow chunk = chunks.find(renderId, 0).orElseThrow();
        assertThat(chunk.completed()).isTrue();
        assertThat(chunk.attempts()).isGreaterThanOrEqualTo(2);
        Path mp4 = store.download(done.outputKey(), tmp.resolve("out.mp4"));
        MediaProbe probe = MediaProbe.of(mp4);
        assertThat(probe.videoFrames()).isEqualTo(FRAMES);
        assertThat(probe.avOffsetMs()).isCloseTo(0.0, org.assertj.core.data.Offset.offset(0.5));
        assertThat(framecodes(mp4)).isEqualTo(LongStream.range(0, FRAMES).boxed().toList());
        FaultReport.line(
            "render worker's scratch disk (tmpfs) full but for the chunk's media and "
                + LEFT_FOR_VIDEO / 1024
                + " KiB ("
                + free / 1024
                + " KiB free at the start; the chunk failed at frame "
                + framesAtFailure
                + " of "
                + FRAMES
                + "), filler deleted after the failure",
            String.format(
                Locale.ROOT,
                "chunk failed with its reason recorded (\"%s\"); after the space returned the"
                    + " retry completed: %d frames in order (framecodes), A/V offset %.1f ms,"
                    + " chunk attempts %d",
                abbreviate(reason),
                probe.videoFrames(),
                probe.avOffsetMs(),
                chunk.attempts()),
            true,
            recovered,
            (chunk.attempts() - 1) + " chunk attempt(s) redone");
      }
    } finally {
      SmallDisk.unmount(disk);
    }
  }

  /** {@code bytes} rounded up to whole 4 KiB pages (what a file takes on tmpfs). */
  private static long pages(long bytes) {
    return (bytes + 4095) / 4096 * 4096;
  }

  private long framesDrawn(String runId) {
    return live.read(runId).map(e -> Math.round(e.fraction() * FRAMES)).orElse(0L);
  }

  private static String abbreviate(String reason) {
    String oneLine = reason.replaceAll("\\s+", " ");
    return oneLine.length() > 160 ? oneLine.substring(0, 160) + "..." : oneLine;
  }

  private TimelineDocument timeline(Path tmp, int width, int height) {
    // one picture for both clips: every medium is downloaded before the first frame is drawn
    ProceduralPictures pictures = new ProceduralPictures();
    Path png = tmp.resolve("picture.png");
    pictures.writePng(
        pictures.draw("owls", new Scene(0, "scene 0", "illustration", 2), width, height), png);
    String pictureKey = "test-media/" + UUID.randomUUID() + ".png";
    store.put(pictureKey, png, "image/png");
    String picture = store.url(pictureKey);
    Path wav = tmp.resolve("voice.wav");
    new EspeakSpeaker().synthesize("Owls fly at night and see in the dark.", "en", wav);
    String voiceKey = "test-media/" + UUID.randomUUID() + ".wav";
    store.put(voiceKey, wav, "audio/wav");
    double seconds = FRAMES / (double) FPS;
    return new TimelineDocument(
        null,
        "disk-full",
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
                    new ClipDocument(null, "image", 0, seconds / 2 + 0.2, picture, Map.of()),
                    new ClipDocument(
                        null,
                        "image",
                        seconds / 2 - 0.2,
                        seconds / 2 + 0.2,
                        picture,
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
