package io.renderowl.cli.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code owl bench render}: generates W1's inputs, renders W1 with our engine (one child JVM per
 * render, so each peak RSS is its own) in 1, 2 and 4 chunks, renders the same W1 with the ffmpeg
 * CLI as one filter graph, and prints wall time, fps, peak RSS, size, frame count and A/V offset
 * of each, our/ffmpeg ratio and the chunk join overhead; with {@code long} also a 5-minute
 * timeline's peak RSS against W1's. Not a test: figures depend on the machine and its load.
 *
 * @param dir where inputs and outputs go
 * @param vertical W1v (1080x1920) instead of W1 (1920x1080)
 * @param skipFfmpeg leave out the ffmpeg CLI render
 * @param longTimeline also render the 5-minute timeline
 * @param childCommand turns RenderChild's arguments into the command line of a child JVM
 */
public record RenderBenchmark(
    Path dir, boolean vertical, boolean skipFfmpeg, boolean longTimeline, Function<List<String>, List<String>> childCommand) {

  /** One render's figures. */
  record Row(String name, double wallSeconds, double renderSeconds, long peakRssKb, long bytes, MediaProbe probe,
      Map<String, Long> phases) {

    double fps() {
      return probe.videoFrames() / wallSeconds;
    }
  }

  /** Runs everything and prints the figures to {@code out}. */
  public void run(PrintStream out) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    out.printf(Locale.ROOT, "machine: %d cores, load average before: %s%n",
        Runtime.getRuntime().availableProcessors(), loadAverage());
    long t0 = System.nanoTime();
    SampleTimelines samples = new SampleTimelines();
    Path w1 = samples.writeW1(dir, vertical, 1);
    out.printf(Locale.ROOT, "inputs: %s (generated in %.1f s)%n", w1, (System.nanoTime() - t0) / 1e9);
    List<Row> rows = new ArrayList<>();
    String name = vertical ? "W1v" : "W1";
    Row ours = ours(name + " ours, 1 chunk", w1, 1, out);
    rows.add(ours);
    Row ffmpeg = null;
    if (!skipFfmpeg) {
      ffmpeg = ffmpeg(name + " ffmpeg CLI", w1, out);
      rows.add(ffmpeg);
    }
    Row two = ours(name + " ours, 2 chunks", w1, 2, out);
    rows.add(two);
    Row four = ours(name + " ours, 4 chunks", w1, 4, out);
    rows.add(four);
    Row longRow = null;
    if (longTimeline) {
      Path json = samples.writeW1(dir, vertical, 10);
      longRow = ours(name + " x10 (5 min) ours, 1 chunk", json, 1, out);
      rows.add(longRow);
    }
    out.println();
    out.printf(Locale.ROOT, "%-30s %8s %7s %9s %9s %7s %10s %9s %9s%n",
        "render", "wall s", "fps", "peak RSS", "size", "frames", "A/V ms", "video s", "audio s");
    for (Row row : rows) {
      out.printf(Locale.ROOT, "%-30s %8.2f %7.1f %6.0f MB %6.2f MB %7d %10.1f %9.3f %9.3f%n",
          row.name(), row.wallSeconds(), row.fps(), row.peakRssKb() / 1024.0, row.bytes() / 1048576.0,
          row.probe().videoFrames(), row.probe().avOffsetMs(), row.probe().videoSeconds(), row.probe().audioSeconds());
    }
    out.println();
    if (ffmpeg != null) {
      out.printf(Locale.ROOT, "ours/ffmpeg wall time: %.2f (target <= 1.0); ours render only (no JVM start): %.2f s%n",
          ours.wallSeconds() / ffmpeg.wallSeconds(), ours.renderSeconds());
    }
    for (Row chunked : List.of(two, four)) {
      long join = chunked.phases().getOrDefault("join_ms", 0L);
      long total = chunked.phases().getOrDefault("total_ms", 1L);
      out.printf(Locale.ROOT, "%s: %.2f s vs 1 chunk %.2f s (%+.1f%%); join %d ms = %.1f%% of the render (target <= 3%%)%n",
          chunked.name(), chunked.wallSeconds(), ours.wallSeconds(),
          100 * (chunked.wallSeconds() / ours.wallSeconds() - 1), join, 100.0 * join / total);
    }
    if (longRow != null) {
      out.printf(Locale.ROOT, "peak RSS: 5-minute timeline %.0f MB vs W1 %.0f MB%n",
          longRow.peakRssKb() / 1024.0, ours.peakRssKb() / 1024.0);
    }
    out.printf(Locale.ROOT, "load average after: %s%n", loadAverage());
  }

  private Row ours(String name, Path json, int chunks, PrintStream out) {
    Path output = dir.resolve(json.getFileName().toString().replace(".json", "") + "-ours-" + chunks + ".mp4");
    List<String> command = childCommand.apply(List.of(json.toString(), output.toString(), Integer.toString(chunks)));
    out.printf("rendering %s ...%n", name);
    Measured measured = Measured.run(command, dir);
    String result = measured.output().lines().filter(l -> l.startsWith("RESULT ")).findFirst()
        .orElseThrow(() -> new IllegalStateException(name + " failed (exit " + measured.exitCode() + "):\n" + measured.output()));
    Map<String, Long> phases = new LinkedHashMap<>();
    for (String pair : result.substring(7).split(" ")) {
      String[] kv = pair.split("=");
      phases.put(kv[0], Long.parseLong(kv[1]));
    }
    long rss = phases.getOrDefault("vmhwm_kb", measured.peakRssKb());
    return new Row(name, measured.wallSeconds(), phases.get("total_ms") / 1000.0, rss, phases.get("bytes"),
        MediaProbe.of(output), phases);
  }

  private Row ffmpeg(String name, Path json, PrintStream out) {
    FfmpegW1.Binary binary = FfmpegW1.find();
    Path media = json.resolveSibling(vertical ? "w1v-media" : "w1-media");
    Path output = dir.resolve((vertical ? "w1v" : "w1") + "-ffmpeg.mp4");
    List<String> command = new ArrayList<>();
    command.add(binary.path());
    try {
      command.addAll(FfmpegW1.arguments(media, vertical ? 1080 : 1920, vertical ? 1920 : 1080, output));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the ffmpeg graph", e);
    }
    out.printf("rendering %s with %s ...%n", name, binary.description());
    Measured measured = Measured.run(command, dir);
    if (measured.exitCode() != 0) {
      throw new IllegalStateException("ffmpeg failed (exit " + measured.exitCode() + "):\n" + measured.output());
    }
    return new Row(name, measured.wallSeconds(), measured.wallSeconds(), measured.peakRssKb(), size(output),
        MediaProbe.of(output), Map.of());
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** A child process's wall time, peak RSS (polled VmHWM), exit code and output. */
  record Measured(double wallSeconds, long peakRssKb, int exitCode, String output) {

    static Measured run(List<String> command, Path dir) {
      try {
        Path log = Files.createTempFile(dir, "child-", ".log");
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
            .redirectOutput(log.toFile()).start();
        long peak = -1;
        while (!process.waitFor(50, java.util.concurrent.TimeUnit.MILLISECONDS)) {
          peak = Math.max(peak, ProcessMemory.peakRssKb(process.pid()));
        }
        double wall = (System.nanoTime() - start) / 1e9;
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        return new Measured(wall, peak, process.exitValue(), output);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot run " + command.getFirst() + ": " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while running " + command.getFirst(), e);
      }
    }
  }
}
