package io.renderowl.cli;

import io.renderowl.activities.bench.RenderBenchmark;
import io.renderowl.activities.bench.RenderChild;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code owl bench NAME}: benchmarks that print figures (not tests). */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Run a benchmark and print its figures.",
    subcommands = {BenchCommand.Render.class, BenchCommand.Samples.class, BenchCommand.RenderChildCommand.class})
final class BenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return ExitCodes.USAGE;
  }

  /** Heap of each measured child JVM: frames live in native memory, the heap holds little. */
  static final String CHILD_HEAP = "-Xmx64m";

  @Command(
      name = "render",
      mixinStandardHelpOptions = true,
      description = {
        "Render W1 (shared/bench/W1.md) with Renderowl in 1, 2 and 4 chunks and with the ffmpeg CLI as one filter"
            + " graph; print wall time, fps, peak RSS, size, frames and A/V offset of each.",
        "Each render runs in its own process. Figures depend on the machine's load: the load average is printed."
      })
  static final class Render implements Callable<Integer> {
    @Option(names = "--vertical", description = "W1v: 1080x1920 instead of 1920x1080.")
    boolean vertical;

    @Option(names = "--skip-ffmpeg", description = "Do not render with the ffmpeg CLI.")
    boolean skipFfmpeg;

    @Option(names = "--long", description = "Also render a 5-minute timeline (W1 x 10) and compare its peak RSS.")
    boolean longTimeline;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where inputs and outputs go (default: $RENDEROWL_HOME/bench).")
    Path dir;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      Path target = dir != null ? dir : Path.of(System.getenv().getOrDefault("RENDEROWL_HOME", ".owl")).resolve("bench");
      new RenderBenchmark(target.toAbsolutePath(), vertical, skipFfmpeg, longTimeline, BenchCommand::childCommand)
          .run(System.out);
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "samples",
      mixinStandardHelpOptions = true,
      description = "Write the sample timelines (w1.json, w1v.json, showcase.json) with their generated media into DIR,"
          + " ready for 'owl render DIR/showcase.json'.")
  static final class Samples implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "Folder to write into (created when missing).")
    Path dir;

    @Override
    public Integer call() {
      for (Path json : new io.renderowl.activities.bench.SampleTimelines().writeAll(dir)) {
        System.out.println(json);
      }
      return ExitCodes.OK;
    }
  }

  /** The measured render, run by {@code bench render} in a child JVM. */
  @Command(name = "render-child", hidden = true, description = "One measured render (used by bench render).")
  static final class RenderChildCommand implements Callable<Integer> {
    @Parameters List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
      return RenderChild.run(args.toArray(String[]::new), System.out);
    }
  }

  /** This JVM's java, relaunched on this jar (or class path) with {@code bench render-child}. */
  static List<String> childCommand(List<String> args) {
    String javaBinary = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // JavaCPP refuses native allocations once the process's RSS passes a limit derived from the
    // heap size (about 2x -Xmx): with a small heap and x264's native frames that limit is wrong,
    // so the child turns it off and the peak RSS is measured instead
    List<String> command = new ArrayList<>(List.of(javaBinary, CHILD_HEAP, "-XX:+UseSerialGC",
        "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0", "-Dorg.bytedeco.javacpp.maxBytes=0",
        "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
    String cacheDir = System.getProperty("org.bytedeco.javacpp.cachedir");
    if (cacheDir != null) {
      command.add("-Dorg.bytedeco.javacpp.cachedir=" + cacheDir);
    }
    String classPath = System.getProperty("java.class.path");
    if (isSpringBootJar(classPath)) {
      command.addAll(List.of("-jar", classPath, "bench", "render-child"));
    } else {
      command.addAll(List.of("-cp", classPath, RenderChild.class.getName()));
    }
    command.addAll(args);
    return command;
  }

  /** Whether the class path is one executable Spring Boot jar (owl.jar), whose classes -cp cannot reach. */
  private static boolean isSpringBootJar(String classPath) {
    if (!classPath.endsWith(".jar") || classPath.contains(File.pathSeparator)) {
      return false;
    }
    try (java.util.jar.JarFile jar = new java.util.jar.JarFile(classPath)) {
      return jar.getManifest() != null && jar.getManifest().getMainAttributes().getValue("Start-Class") != null;
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
