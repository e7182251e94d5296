package io.renderowl.cli.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code owl bench render}: generates W1's inputs, then renders W1 {@code runs} times with each
 * contender, interleaved (product, engine, system ffmpeg, bundled ffmpeg, then again), each render
 * in its own process so its peak memory is its own:
 *
 * <ul>
 *   <li>product: {@code owl render W1 --chunks 1}, the render workflow on the embedded stack, in a
 *       JVM started with the flags {@code ./owl} uses; its render time is from the workflow's start
 *       to the MP4 and poster written (stack start-up left out), its wall time includes the stack
 *       start;
 *   <li>engine: the render engine alone ({@link RenderChild}), audio beside the video, one chunk;
 *   <li>system ffmpeg: the ffmpeg CLI on the PATH on W1 as one filter graph, when installed;
 *   <li>bundled ffmpeg: the ffmpeg binary of org.bytedeco:ffmpeg on the same graph.
 * </ul>
 *
 * Prints medians, every run's figures, and the ratios product/system ffmpeg, engine/system ffmpeg
 * and product/engine. Not a test: figures depend on the machine and its load.
 *
 * @param dir where inputs and outputs go
 * @param vertical W1v (1080x1920) instead of W1 (1920x1080)
 * @param runs interleaved runs of each contender (&gt;= 1)
 * @param skipFfmpeg leave out both ffmpeg contenders
 * @param skipProduct leave out the product path
 * @param chunked also run the product path with 2 chunks (render slots and x264 thread split)
 * @param longTimeline also render a 5-minute timeline once with the engine and compare peak RSS
 * @param demo also run {@code owl demo} each round (wall time, stack start, stage times)
 * @param engineCommand turns RenderChild's arguments into the command line of a child JVM
 * @param productCommand turns {@code owl} arguments into the command line of an {@code owl} JVM
 */
public record RenderBenchmark(
    Path dir,
    boolean vertical,
    int runs,
    boolean skipFfmpeg,
    boolean skipProduct,
    boolean chunked,
    boolean longTimeline,
    boolean demo,
    Function<List<String>, List<String>> engineCommand,
    Function<List<String>, List<String>> productCommand) {

  /** What {@code owl render} prints when done: its render time after the stack was up. */
  static final Pattern PRODUCT_RENDER =
      Pattern.compile("completed render \\S+ in ([0-9.]+) s \\(render ([0-9.]+) s");

  /** What {@code owl demo} prints when done: its run time, stack start included. */
  static final Pattern DEMO_RUN = Pattern.compile("completed run \\S+ in ([0-9.]+) s");

  /** The stage times {@code owl demo} prints (StageClock). */
  static final Pattern DEMO_STAGES = Pattern.compile("stages:\\s+(stack [^\\n]*)");

  /**
   * The render time {@code owl demo} prints from Temporal's start and close of its render workflow
   * (not printed through {@code owl serve}: its runs' stages come from the polls alone).
   */
  static final Pattern DEMO_RENDER =
      Pattern.compile("render:\\s+([0-9.]+) s \\(the render workflow");

  public RenderBenchmark {
    if (runs < 1) {
      throw new IllegalArgumentException("runs must be at least 1 (got " + runs + ")");
    }
  }

  /** One render's figures. renderSeconds leaves out process (and stack) start-up where known. */
  record Run(
      double wallSeconds,
      double renderSeconds,
      long peakRssKb,
      long childrenPeakRssKb,
      long bytes,
      MediaProbe probe,
      double stackSeconds) {

    Run(
        double wallSeconds,
        double renderSeconds,
        long peakRssKb,
        long childrenPeakRssKb,
        long bytes,
        MediaProbe probe) {
      this(wallSeconds, renderSeconds, peakRssKb, childrenPeakRssKb, bytes, probe, 0);
    }
  }

  /** A renderer measured in every round. */
  record Contender(String key, String label, Function<Integer, Run> render) {}

  /** Runs everything and prints the figures to {@code out}. */
  public void run(PrintStream out) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    out.printf(
        Locale.ROOT,
        "machine: %d cores, load average before: %s%n",
        Runtime.getRuntime().availableProcessors(),
        loadAverage());
    long t0 = System.nanoTime();
    SampleTimelines samples = new SampleTimelines();
    Path w1 = samples.writeW1(dir, vertical, 1);
    String name = vertical ? "W1v 1080x1920" : "W1 1920x1080";
    out.printf(
        Locale.ROOT, "inputs: %s (generated in %.1f s)%n", w1, (System.nanoTime() - t0) / 1e9);

    List<Contender> contenders = new ArrayList<>();
    if (!skipProduct) {
      contenders.add(new Contender("product", "owl render, 1 chunk", run -> product(w1, 1, run)));
    }
    contenders.add(new Contender("engine", "engine alone, 1 chunk", run -> engine(w1, 1, run)));
    if (!skipFfmpeg) {
      Optional<FfmpegW1.Binary> system = FfmpegW1.system();
      if (system.isPresent()) {
        out.println("system ffmpeg: " + system.get().description());
        contenders.add(
            new Contender(
                "system", "ffmpeg CLI, system", run -> ffmpeg(system.get(), "system", w1, run)));
      } else {
        out.println(
            "system ffmpeg: none with drawtext on the PATH (infra/scripts/setup.sh installs Debian's)");
      }
      Optional<FfmpegW1.Binary> bundled = FfmpegW1.bundled();
      bundled.ifPresent(b -> {
        out.println("bundled ffmpeg: " + b.description());
        contenders.add(
            new Contender("bundled", "ffmpeg CLI, bundled", run -> ffmpeg(b, "bundled", w1, run)));
      });
    }
    Map<Integer, String> demoStages = new LinkedHashMap<>();
    Map<Integer, Double> polledRenders = new LinkedHashMap<>();
    Map<Integer, String> demoServeStages = new LinkedHashMap<>();
    Map<Integer, Run> demoServeFirst = new LinkedHashMap<>();
    if (demo) {
      contenders.add(
          new Contender(
              "demo", "owl demo (pipeline)", run -> demoRun(run, demoStages, polledRenders)));
      contenders.add(
          new Contender(
              "demoServe",
              "owl demo via owl serve",
              run -> demoThroughServe(run, demoServeStages, demoServeFirst)));
    }
    if (chunked && !skipProduct) {
      contenders.add(new Contender("product2", "owl render, 2 chunks", run -> product(w1, 2, run)));
    }

    Map<String, List<Run>> results = new LinkedHashMap<>();
    contenders.forEach(c -> results.put(c.key(), new ArrayList<>()));
    for (int round = 1; round <= runs; round++) {
      for (Contender contender : contenders) {
        out.printf(Locale.ROOT, "run %d/%d: %s ... ", round, runs, contender.label());
        out.flush();
        Run run = contender.render().apply(round);
        results.get(contender.key()).add(run);
        out.printf(Locale.ROOT, "%.2f s (wall %.2f s)%n", run.renderSeconds(), run.wallSeconds());
      }
    }
    Run longRun = null;
    if (longTimeline) {
      Path json = samples.writeW1(dir, vertical, 10);
      out.print("engine alone, 5-minute timeline (W1 x 10) ... ");
      longRun = engine(json, 1, 0);
      out.printf(Locale.ROOT, "%.2f s%n", longRun.renderSeconds());
    }

    out.println();
    out.printf(
        Locale.ROOT,
        "%s, %d frames; medians of %d interleaved run(s)%n",
        name,
        SampleTimelines.W1_FPS * 30,
        runs);
    out.println(table(contenders, results));
    out.println(
        "render s: without process start-up for the engine, without stack start-up for owl render (its wall s has it)");
    out.println(
        "peak RSS: the measured process (VmHWM); +children: its child processes' peaks (PostgreSQL, Redis, Temporal)");
    for (Contender c : contenders) {
      List<Run> r = results.get(c.key());
      out.printf(
          Locale.ROOT,
          "runs %-22s render %s | wall %s%n",
          c.label() + ":",
          BenchFigures.runs(r.stream().map(Run::renderSeconds).toList()),
          BenchFigures.runs(r.stream().map(Run::wallSeconds).toList()));
    }
    out.println();
    double product = medianRender(results.get("product"));
    double engine = medianRender(results.get("engine"));
    double system = medianRender(results.get("system"));
    double bundled = medianRender(results.get("bundled"));
    out.println(BenchFigures.ratio("product / system ffmpeg", product, system, 1.0));
    out.println(BenchFigures.ratio("engine / system ffmpeg", engine, system, 0.85));
    out.println(BenchFigures.ratio("product / engine", product, engine, 1.05));
    out.println(
        BenchFigures.ratio(
            "product wall (stack start included) / system ffmpeg",
            medianWall(results.get("product")),
            system,
            Double.NaN));
    out.println(BenchFigures.ratio("engine / bundled ffmpeg", engine, bundled, Double.NaN));
    if (results.containsKey("product2")) {
      out.println(
          BenchFigures.ratio(
              "owl render 2 chunks / 1 chunk",
              medianRender(results.get("product2")),
              product,
              1.0));
    }
    if (results.containsKey("demo")) {
      List<Run> demos = results.get("demo");
      demoStages.forEach((round, stages) -> out.printf("owl demo run %d: %s%n", round, stages));
      double demoRender = medianRender(demos);
      out.println(
          BenchFigures.ratio(
              "owl demo wall (stack start included) / its render stage",
              medianWall(demos),
              demoRender,
              1.2));
      List<Double> polled =
          demoStages.keySet().stream()
              .filter(polledRenders::containsKey)
              .map(polledRenders::get)
              .toList();
      if (!polled.isEmpty()) {
        // the same runs against the render stage as the status polls saw it (up to 0.5 s late)
        out.println(
            BenchFigures.ratio(
                "owl demo wall / its render stage as the 500 ms status polls saw it",
                medianWall(demos),
                BenchFigures.median(polled),
                Double.NaN));
      }
      out.println(
          BenchFigures.ratio(
              "owl demo run (stack start left out) / its render stage",
              median(demos, r -> r.wallSeconds() - r.stackSeconds()),
              demoRender,
              1.2));
    }
    if (results.containsKey("demoServe")) {
      List<Run> demos = results.get("demoServe");
      // stages of the first run after the server's start are kept under -round
      demoServeStages.forEach((round, stages) ->
          out.printf(
              "owl demo via owl serve run %d, %s: %s%n",
              Math.abs(round), round < 0 ? "first after its start" : "second", stages));
      List<Run> first = List.copyOf(demoServeFirst.values());
      out.println(
          BenchFigures.ratio(
              "owl demo via owl serve, first after its start: wall / its render stage",
              medianWall(first),
              medianRender(first),
              Double.NaN));
      out.println(
          BenchFigures.ratio(
              "owl demo via a running owl serve (second run): wall / its render stage",
              medianWall(demos),
              medianRender(demos),
              1.2));
    }
    if (longRun != null) {
      out.printf(
          Locale.ROOT,
          "peak RSS: 5-minute timeline %.0f MB vs W1 %.0f MB (engine alone)%n",
          longRun.peakRssKb() / 1024.0,
          median(results.get("engine"), r -> (double) r.peakRssKb()) / 1024.0);
    }
    out.printf(Locale.ROOT, "load average after: %s%n", loadAverage());
  }

  /** The medians table, one row per contender. */
  static String table(List<Contender> contenders, Map<String, List<Run>> results) {
    StringBuilder table =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%-24s %9s %8s %6s %9s %11s %6s %7s %7s %13s%n",
                "renderer",
                "render s",
                "wall s",
                "fps",
                "peak RSS",
                "+children",
                "size",
                "frames",
                "A/V ms",
                "video/audio s"));
    for (Contender c : contenders) {
      List<Run> r = results.get(c.key());
      if (r == null || r.isEmpty()) {
        continue;
      }
      double render = medianRender(r);
      MediaProbe probe = r.getLast().probe();
      table.append(
          String.format(
              Locale.ROOT,
              "%-24s %9.2f %8.2f %6.1f %6.0f MB %8.0f MB %6.2f %7d %7.1f %6.3f/%.3f%n",
              c.label(),
              render,
              medianWall(r),
              probe.videoFrames() / render,
              median(r, x -> (double) x.peakRssKb()) / 1024.0,
              median(r, x -> (double) x.childrenPeakRssKb()) / 1024.0,
              r.getLast().bytes() / 1048576.0,
              probe.videoFrames(),
              probe.avOffsetMs(),
              probe.videoSeconds(),
              probe.audioSeconds()));
    }
    return table.toString().stripTrailing();
  }

  private static double medianRender(List<Run> runs) {
    return median(runs, Run::renderSeconds);
  }

  private static double medianWall(List<Run> runs) {
    return median(runs, Run::wallSeconds);
  }

  private static double median(List<Run> runs, Function<Run, Double> figure) {
    return runs == null ? Double.NaN : BenchFigures.median(runs.stream().map(figure).toList());
  }

  private Run product(Path json, int chunks, int round) {
    Path output = dir.resolve(stem(json) + "-owl-" + chunks + "-" + round + ".mp4");
    Measured measured =
        Measured.run(
            productCommand.apply(
                List.of(
                    "render",
                    json.toString(),
                    "--output",
                    output.toString(),
                    "--chunks",
                    Integer.toString(chunks))),
            dir);
    Matcher done = PRODUCT_RENDER.matcher(measured.output());
    if (measured.exitCode() != 0 || !done.find()) {
      throw new IllegalStateException(
          "owl render failed (exit " + measured.exitCode() + "):\n" + measured.output());
    }
    return finished(measured, Double.parseDouble(done.group(2)), output);
  }

  /**
   * {@code owl demo --output}: render s is its render stage, wall s the whole process (stack start,
   * script, scenes, voice, visuals, render, download), stackSeconds the stack start.
   */
  private Run demoRun(
      int round, Map<Integer, String> stagesByRound, Map<Integer, Double> polledRenders) {
    return demo("demo-" + round + ".mp4", round, stagesByRound, polledRenders);
  }

  /** What {@code owl serve} prints once one-shot commands can go through its API. */
  static final String SERVING = "go through this API while it runs";

  /**
   * {@code owl demo --output} while an {@code owl serve} (started for this run, on the same state
   * folder, and stopped after it) holds the engine: the command's JVM starts no stack and the run
   * is the server's. Two demos per server: the first after its start (a cold JIT, kept aside), then
   * the measured one, as a server that has run before serves it. Wall s is the command's process;
   * the server's start is in neither. Peak RSS is the command's.
   */
  private Run demoThroughServe(
      int round, Map<Integer, String> stagesByRound, Map<Integer, Run> firstByRound) {
    Path log = dir.resolve("serve-" + round + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(
                productCommand.apply(List.of("serve", "--port", Integer.toString(freePort()))))
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("RENDEROWL_MANAGEMENT_PORT", "0");
    Process serve;
    try {
      serve = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start owl serve: " + e.getMessage(), e);
    }
    try {
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(3);
      while (!readString(log).contains(SERVING)) {
        if (!serve.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "owl serve did not start (exit "
                  + (serve.isAlive() ? "none: still starting after 3 min" : serve.exitValue())
                  + "):\n"
                  + readString(log));
        }
        Thread.sleep(100);
      }
      // the first run after the server's start meets a cold JIT (its stages under -round)
      firstByRound.put(
          round,
          demo("demo-serve-first-" + round + ".mp4", -round, stagesByRound, new HashMap<>()));
      return demo("demo-serve-" + round + ".mp4", round, stagesByRound, new HashMap<>());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while owl serve started", e);
    } finally {
      serve.destroy(); // SIGTERM: Spring closes the context, the stack stops, the announcement goes
      try {
        if (!serve.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
          serve.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static String readString(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "";
    }
  }

  private static int freePort() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port for owl serve", e);
    }
  }

  private Run demo(
      String outputName,
      int round,
      Map<Integer, String> stagesByRound,
      Map<Integer, Double> polledRenders) {
    Path output = dir.resolve(outputName);
    Measured measured =
        Measured.run(productCommand.apply(List.of("demo", "--output", output.toString())), dir);
    Matcher done = DEMO_RUN.matcher(measured.output());
    Matcher stages = DEMO_STAGES.matcher(measured.output());
    if (measured.exitCode() != 0 || !done.find() || !stages.find()) {
      throw new IllegalStateException(
          "owl demo failed (exit " + measured.exitCode() + "):\n" + measured.output());
    }
    String line = stages.group(1).strip();
    double polled = stageSeconds(line, "render");
    Matcher exact = DEMO_RENDER.matcher(measured.output());
    boolean workflowTime = exact.find();
    double render = workflowTime ? Double.parseDouble(exact.group(1)) : polled;
    if (workflowTime) {
      line += String.format(Locale.ROOT, "; render workflow %.2f s", render);
      polledRenders.put(round, polled);
    }
    stagesByRound.put(round, line);
    Run run = finished(measured, render, output);
    return new Run(
        run.wallSeconds(),
        run.renderSeconds(),
        run.peakRssKb(),
        run.childrenPeakRssKb(),
        run.bytes(),
        run.probe(),
        stageSeconds(line, "stack"));
  }

  /** Seconds of {@code stage} in a StageClock line ("stack 6.1 s, ..., render 19.0 s"). */
  static double stageSeconds(String line, String stage) {
    Matcher m = Pattern.compile("(?:^|, )" + stage + " ([0-9.]+) s").matcher(line);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  private Run engine(Path json, int chunks, int round) {
    Path output = dir.resolve(stem(json) + "-engine-" + chunks + "-" + round + ".mp4");
    Measured measured =
        Measured.run(
            engineCommand.apply(
                List.of(json.toString(), output.toString(), Integer.toString(chunks))),
            dir);
    String result =
        measured
            .output()
            .lines()
            .filter(l -> l.startsWith("RESULT "))
            .findFirst()
            .orElseThrow(() ->
                new IllegalStateException(
                    "the engine failed (exit " + measured.exitCode() + "):\n" + measured.output()));
    Map<String, Long> phases = new HashMap<>();
    for (String pair : result.substring(7).split(" ")) {
      String[] kv = pair.split("=");
      phases.put(kv[0], Long.parseLong(kv[1]));
    }
    return finished(measured, phases.get("total_ms") / 1000.0, output);
  }

  private Run ffmpeg(FfmpegW1.Binary binary, String which, Path json, int round) {
    Path media = json.resolveSibling(vertical ? "w1v-media" : "w1-media");
    Path output = dir.resolve(stem(json) + "-ffmpeg-" + which + "-" + round + ".mp4");
    List<String> command = new ArrayList<>();
    command.add(binary.path());
    try {
      command.addAll(
          FfmpegW1.arguments(media, vertical ? 1080 : 1920, vertical ? 1920 : 1080, output));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the ffmpeg graph", e);
    }
    Measured measured = Measured.run(command, dir);
    if (measured.exitCode() != 0) {
      throw new IllegalStateException(
          binary.description()
              + " failed (exit "
              + measured.exitCode()
              + "):\n"
              + measured.output());
    }
    return finished(measured, measured.wallSeconds(), output);
  }

  private static Run finished(Measured measured, double renderSeconds, Path output) {
    return new Run(
        measured.wallSeconds(),
        renderSeconds,
        measured.peakRssKb(),
        measured.childrenPeakRssKb(),
        size(output),
        MediaProbe.of(output));
  }

  private static String stem(Path json) {
    return json.getFileName().toString().replace(".json", "");
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

  /**
   * A child process's wall time, peak RSS (polled VmHWM), the sum of its child processes' peaks,
   * exit code and output.
   */
  record Measured(
      double wallSeconds, long peakRssKb, long childrenPeakRssKb, int exitCode, String output) {

    static Measured run(List<String> command, Path dir) {
      try {
        Path log = Files.createTempFile(dir, "child-", ".log");
        long start = System.nanoTime();
        Process process =
            new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long peak = -1;
        Map<Long, Long> childPeaks = new HashMap<>();
        while (!process.waitFor(50, java.util.concurrent.TimeUnit.MILLISECONDS)) {
          peak = Math.max(peak, ProcessMemory.peakRssKb(process.pid()));
          process
              .descendants()
              .forEach(child ->
                  childPeaks.merge(child.pid(), ProcessMemory.peakRssKb(child.pid()), Math::max));
        }
        double wall = (System.nanoTime() - start) / 1e9;
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        long children = childPeaks.values().stream().mapToLong(v -> Math.max(v, 0)).sum();
        return new Measured(wall, peak, children, process.exitValue(), output);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot run " + command.getFirst() + ": " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while running " + command.getFirst(), e);
      }
    }
  }
}
