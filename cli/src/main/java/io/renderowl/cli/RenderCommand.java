package io.renderowl.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Renders a timeline file through the render workflow. */
@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    description =
        "Render a timeline JSON file to MP4 (+ poster JPEG) through the chunked render workflow.")
final class RenderCommand implements Callable<Integer> {
  @Parameters(
      paramLabel = "TIMELINE.json",
      description = "the timeline document (see the README's \"Timeline document\")")
  Path timeline;

  @Option(
      names = "--output",
      required = true,
      paramLabel = "FILE",
      description = "where to write the MP4; the poster goes next to it as .jpg")
  Path output;

  @Option(
      names = "--preset",
      paramLabel = "NAME",
      description =
          "preview, sd (480p), hd (720p), fhd (1080p) or original: the timeline's aspect ratio at"
              + " that short side, same frames; or a fixed 1080x1920, 1920x1080, 1080x1080,"
              + " 1280x720 (default: the timeline's resolution)")
  String preset;

  @Option(
      names = "--chunks",
      paramLabel = "N",
      description =
          "cut the render into N chunks (default: RENDEROWL_RENDER_CHUNK_FRAMES frames per chunk)")
  Integer chunks;

  @Option(
      names = "--chunk-frames",
      paramLabel = "N",
      description = "frames per chunk (default: RENDEROWL_RENDER_CHUNK_FRAMES, 300)")
  Integer chunkFrames;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    return new RenderRunner(spec.commandLine().getOut(), spec.commandLine().getErr())
        .render(timeline, output, preset, chunks, chunkFrames);
  }
}
