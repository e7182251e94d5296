package io.renderowl.cli.bench;

import io.renderowl.activities.render.ChunkActivitiesImpl;
import io.renderowl.activities.render.ChunkRenderer;
import io.renderowl.activities.render.FrameRange;
import io.renderowl.activities.render.RenderListener;
import io.renderowl.activities.render.TimelineSources;
import io.renderowl.activities.render.VideoEncoding;
import io.renderowl.activities.storage.MediaResolver;
import io.renderowl.activities.timeline.TimelineJson;
import io.renderowl.workflows.timeline.TimelineDocument;
import io.renderowl.workflows.timeline.TimelineValidator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One measured render, run in its own JVM by {@link RenderBenchmark} so its peak memory is its own:
 * renders TIMELINE.json to OUTPUT.mp4 in CHUNKS video chunks (one after the other), the audio once,
 * joins them, and prints one line {@code RESULT key=value ...} with the phase times (ms), frames,
 * bytes and the process's peak RSS ({@code VmHWM} from /proc/self/status, kB).
 */
public final class RenderChild {

  private RenderChild() {}

  /**
   * Whether RENDEROWL_X264_THREADING asks for sliced threads; unset, blank, {@code auto} and {@code
   * frame} mean frame threads here (this process is not a render-only worker).
   */
  static boolean slicedThreads(String threading) {
    String value = threading == null ? "" : threading.strip().toLowerCase(java.util.Locale.ROOT);
    return switch (value) {
      case "sliced" -> true;
      case "", "auto", "frame" -> false;
      default ->
          throw new IllegalArgumentException(
              "RENDEROWL_X264_THREADING must be one of auto, frame, sliced (got '"
                  + threading.strip()
                  + "')");
    };
  }

  /** {@code TIMELINE.json OUTPUT.mp4 CHUNKS}. */
  public static void main(String[] args) {
    System.exit(run(args, System.out));
  }

  /**
   * @return the exit code
   */
  public static int run(String[] args, PrintStream out) {
    if (args.length != 3) {
      out.println("usage: RenderChild TIMELINE.json OUTPUT.mp4 CHUNKS");
      return 2;
    }
    Path json = Path.of(args[0]);
    Path output = Path.of(args[1]);
    int chunks = Integer.parseInt(args[2]);
    long start = System.nanoTime();
    TimelineDocument timeline = TimelineJson.read(json);
    TimelineValidator.requireValid(timeline);
    TimelineSources sources = TimelineSources.localFiles(json.toAbsolutePath().getParent());
    sources.requireReachable(timeline);
    MediaResolver media = sources.resolver(null);
    ChunkRenderer renderer = new ChunkRenderer();
    // one chunk after the other, each with a lone chunk's x264 threads, as a render worker sets
    // them: the engine and `owl render` encode the same stream. Frame threads, as `owl render`'s
    // own workers encode; RENDEROWL_X264_THREADING=sliced as a render-only worker does (the
    // baseline of infra/cluster/worker-memory.sh)
    VideoEncoding encoding =
        VideoEncoding.forFrame(timeline.width(), timeline.height(), timeline.fps())
            .withThreads(
                ChunkActivitiesImpl.x264Threads(Runtime.getRuntime().availableProcessors(), 1, 1))
            .withSlicedThreads(slicedThreads(System.getenv("RENDEROWL_X264_THREADING")));
    Path work;
    try {
      work = Files.createTempDirectory(output.toAbsolutePath().getParent(), ".chunks-");
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a work folder next to " + output, e);
    }
    try {
      Path audio = work.resolve("audio.m4a");
      // the audio is rendered beside the video, as TimelineRenderer does
      java.util.concurrent.CompletableFuture<Long> audioDone =
          java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            long a = System.nanoTime();
            renderer.renderAudio(timeline, media, audio);
            return System.nanoTime() - a;
          });
      long t1 = System.nanoTime();
      List<Path> files = new ArrayList<>();
      for (FrameRange range : FrameRange.split(timeline.frameCount(), chunks)) {
        Path chunk = work.resolve("chunk-" + range.from() + ".mp4");
        // in segments, as the chunk activity renders: the same encoder settings and cuts
        renderer.renderVideoInSegments(
            timeline, media, range, encoding, work, chunk, RenderListener.NONE);
        files.add(chunk);
      }
      long audioNanos = audioDone.join();
      long t2 = System.nanoTime();
      var outcome = renderer.join(timeline, files, audio, output);
      long t3 = System.nanoTime();
      out.printf(
          "RESULT total_ms=%d audio_ms=%d video_ms=%d join_ms=%d frames=%d bytes=%d vmhwm_kb=%d%n",
          (t3 - start) / 1_000_000,
          audioNanos / 1_000_000,
          (t2 - t1) / 1_000_000,
          (t3 - t2) / 1_000_000,
          outcome.frames(),
          outcome.bytes(),
          ProcessMemory.peakRssKb(ProcessHandle.current().pid()));
      return 0;
    } finally {
      try (var list = Files.list(work)) {
        for (Path file : list.toList()) {
          Files.deleteIfExists(file);
        }
        Files.deleteIfExists(work);
      } catch (IOException e) {
        out.println("warning: could not delete " + work + ": " + e.getMessage());
      }
    }
  }
}
