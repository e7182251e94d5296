package io.renderowl.cli;

import io.renderowl.infra.config.RenderowlSettings;
import io.renderowl.infra.pipeline.InsufficientCreditsException;
import io.renderowl.infra.pipeline.RenderRuns;
import io.renderowl.infra.pipeline.RunStatus;
import io.renderowl.infra.stack.StackEndpoints;
import io.renderowl.infra.storage.ObjectStore;
import io.renderowl.infra.users.LocalUser;
import io.renderowl.workflows.ChunkPlanner;
import io.renderowl.workflows.RenderResult;
import io.renderowl.workflows.RunState;
import io.renderowl.workflows.timeline.OutputPreset;
import io.renderowl.workflows.timeline.RenderPreset;
import io.renderowl.workflows.timeline.TimelineDocument;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code owl render}: checks the timeline file before anything starts (every problem printed, exit
 * 2), stores it for the local user with its local media uploaded, runs the render workflow with a
 * progress bar and writes the MP4 and its poster.
 */
final class RenderRunner {
  private static final org.slf4j.Logger TIMINGS =
      org.slf4j.LoggerFactory.getLogger("io.renderowl.timings");

  /**
   * In the state folder: the SHA-256 of local media files rendered before ({@link MediaHashes}).
   */
  static final String MEDIA_HASHES = "cache/media-sha256.tsv";

  private final PrintWriter out;
  private final PrintWriter err;

  RenderRunner(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  int render(Path file, Path output, String presetName, Integer chunks, Integer chunkFrames)
      throws InterruptedException {
    long started = System.nanoTime();
    if (!Files.isRegularFile(file)) {
      err.println("owl: no timeline file " + file);
      return ExitCodes.USAGE;
    }
    if (chunks != null && chunks < 1 || chunkFrames != null && chunkFrames < 1) {
      err.println("owl: --chunks and --chunk-frames must be at least 1");
      return ExitCodes.USAGE;
    }
    Path baseDir = file.toAbsolutePath().getParent();
    TimelineDocument doc;
    try {
      doc = TimelineFile.inMilliseconds(TimelineFile.read(file));
      if (presetName != null) {
        doc = withPreset(doc, presetName);
      }
    } catch (IllegalArgumentException | UncheckedIOException e) {
      err.println("owl: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    List<String> problems = TimelineFile.problems(doc, baseDir);
    if (!problems.isEmpty()) {
      printProblems(file, problems);
      return ExitCodes.USAGE;
    }
    boolean preview =
        presetName != null
            && OutputPreset.find(presetName)
                .map(OutputPreset::preview)
                .orElseGet(() -> RenderPreset.parse(presetName).preview());
    try (ConfigurableApplicationContext ctx =
        OwlApplication.start(OwlApplication.Mode.RUN, Map.of())) {
      // the render time owl bench render compares with the engine: stack start-up left out
      long stackUp = System.nanoTime();
      ObjectStore store = ctx.getBean(ObjectStore.class);
      List<String> missing = TimelineFile.missingObjects(doc, store);
      if (!missing.isEmpty()) {
        printProblems(file, missing);
        return ExitCodes.USAGE;
      }
      String userId = ctx.getBean(LocalUser.class).id().toString();
      RenderRuns renders = ctx.getBean(RenderRuns.class);
      String runId;
      try {
        long checked = System.nanoTime();
        TimelineDocument stored =
            TimelineFile.upload(
                doc,
                baseDir,
                store,
                userId,
                MediaHashes.load(
                    ctx.getBean(RenderowlSettings.class).home().resolve(MEDIA_HASHES)));
        long uploaded = System.nanoTime();
        runId =
            renders.start(
                userId,
                stored,
                chunkFrames == null ? 0 : chunkFrames,
                chunks == null ? 0 : chunks,
                preview);
        TIMINGS.info(
            "{} start: check={}ms upload={}ms start={}ms",
            runId,
            (checked - stackUp) / 1_000_000,
            (uploaded - checked) / 1_000_000,
            (System.nanoTime() - uploaded) / 1_000_000);
      } catch (InsufficientCreditsException e) {
        // The render's estimate is reserved before it starts; nothing was stored or started.
        err.println("owl: " + e.getMessage() + " (owl credits grant adds credits)");
        return ExitCodes.USAGE;
      }
      int plannedFrames =
          chunkFrames != null
              ? chunkFrames
              : ctx.getBean(RenderowlSettings.class).render().chunkFrames();
      int planned =
          ChunkPlanner.plan(doc.frameCount(), plannedFrames, chunks == null ? 0 : chunks).size();
      StackEndpoints endpoints = ctx.getBean(StackEndpoints.class);
      out.printf(
          "started render %s: %d frames, %dx%d at %d fps, %d chunk(s) (Temporal %s)%n",
          runId,
          doc.frameCount(),
          doc.width(),
          doc.height(),
          doc.fps(),
          planned,
          endpoints.temporalServer());
      out.flush();
      ProgressBar bar = new ProgressBar(out, System.console() != null);
      RunStatus end = renders.await(runId, userId, Duration.ofMillis(500), bar::show);
      bar.finish();
      if (end.state() != RunState.COMPLETED) {
        err.println("owl: render " + runId + " failed: " + end.message());
        return ExitCodes.FAILED;
      }
      Path video = store.download(end.outputKey(), output.toAbsolutePath());
      Path poster =
          store.download(
              RenderResult.posterKeyOf(end.outputKey()), posterPath(output.toAbsolutePath()));
      long done = System.nanoTime();
      out.printf(
          "completed render %s in %.1f s (render %.2f s after the stack was up in %.1f s)%n",
          runId, (done - started) / 1e9, (done - stackUp) / 1e9, (stackUp - started) / 1e9);
      out.println("  " + end.message());
      out.println("  video:     " + store.url(end.outputKey()));
      out.println("  written:   " + video);
      out.println("  poster:    " + poster);
      out.flush();
      return ExitCodes.OK;
    }
  }

  private void printProblems(Path file, List<String> problems) {
    err.println(
        "owl: "
            + file
            + " is not a valid timeline ("
            + problems.size()
            + " problem"
            + (problems.size() == 1 ? "" : "s")
            + "); nothing was rendered:");
    problems.forEach(p -> err.println("  - " + p));
    err.flush();
  }

  static Path posterPath(Path video) {
    String name = video.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return video.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".jpg");
  }

  /**
   * The timeline at a named preset's size (preview, sd/480p, hd/720p, fhd/1080p, original: same
   * aspect ratio and frames), else at one of {@link RenderPreset}'s fixed sizes.
   *
   * @throws IllegalArgumentException naming the accepted presets
   */
  static TimelineDocument withPreset(TimelineDocument doc, String presetName) {
    Optional<OutputPreset> named = OutputPreset.find(presetName);
    if (named.isPresent()) {
      int[] size = named.get().sizeFor(doc.width(), doc.height());
      return doc.withSize(size[0], size[1]);
    }
    try {
      return TimelineFile.withPreset(doc, RenderPreset.parse(presetName));
    } catch (IllegalArgumentException unknown) {
      throw new IllegalArgumentException(
          "--preset must be one of "
              + OutputPreset.names()
              + ", 1080x1920, 1920x1080, 1080x1080 or 1280x720 (got '"
              + presetName
              + "')",
          unknown);
    }
  }
}
