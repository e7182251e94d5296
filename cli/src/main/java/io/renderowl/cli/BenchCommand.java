package io.renderowl.cli;

import io.renderowl.activities.testkit.InstantStages;
import io.renderowl.cli.bench.PublishBenchmark;
import io.renderowl.cli.bench.PublishChild;
import io.renderowl.cli.bench.RenderBenchmark;
import io.renderowl.cli.bench.RenderChild;
import io.renderowl.infra.batch.BatchProgress;
import io.renderowl.infra.batch.BatchSubmitted;
import io.renderowl.infra.batch.BulkBatches;
import io.renderowl.infra.batch.RowDefaults;
import io.renderowl.infra.stack.StackEndpoints;
import io.renderowl.infra.users.LocalUser;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code owl bench NAME}: benchmarks that print figures (not tests). */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Run a benchmark and print its figures.",
    subcommands = {
      BenchCommand.Render.class,
      BenchCommand.Batch.class,
      BenchCommand.Samples.class,
      BenchCommand.RenderChildCommand.class,
      BenchCommand.Publish.class,
      BenchCommand.PublishChildCommand.class
    })
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
        "Render W1 (shared/bench/W1.md) with 'owl render --chunks 1' (the workflow on the embedded stack), with the"
            + " engine alone, and with the system and the bundled ffmpeg CLI as one filter graph, each in its own"
            + " process, interleaved over N runs; print medians, every run, peak RSS and the ratios.",
        "Figures depend on the machine's load: the load average is printed before and after."
      })
  static final class Render implements Callable<Integer> {
    @Option(
        names = {"-n", "--runs"},
        paramLabel = "N",
        description = "interleaved runs of each renderer (default ${DEFAULT-VALUE})")
    int runs = 3;

    @Option(names = "--vertical", description = "W1v: 1080x1920 instead of 1920x1080.")
    boolean vertical;

    @Option(names = "--skip-ffmpeg", description = "Do not render with the ffmpeg CLIs.")
    boolean skipFfmpeg;

    @Option(
        names = "--skip-product",
        description = "Do not render with 'owl render' (no embedded stack).")
    boolean skipProduct;

    @Option(
        names = "--chunked",
        description =
            "Also run 'owl render --chunks 2' (render slots and x264 threads on this machine).")
    boolean chunked;

    @Option(
        names = "--long",
        description =
            "Also render a 5-minute timeline (W1 x 10) once with the engine and compare its peak RSS.")
    boolean longTimeline;

    @Option(
        names = "--demo",
        description =
            "Also run 'owl demo' each round: its wall time, stack start and stage times (the"
                + " pipeline around the render) against its render stage.")
    boolean demo;

    @Option(
        names = "--dir",
        paramLabel = "DIR",
        description = "Where inputs and outputs go (default: $RENDEROWL_HOME/bench).")
    Path dir;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      if (runs < 1) {
        spec.commandLine().getErr().println("owl: --runs must be at least 1");
        return ExitCodes.USAGE;
      }
      benchmark().run(System.out);
      return ExitCodes.OK;
    }

    RenderBenchmark benchmark() {
      Path target =
          dir != null
              ? dir
              : Path.of(System.getenv().getOrDefault("RENDEROWL_HOME", ".owl")).resolve("bench");
      return new RenderBenchmark(
          target.toAbsolutePath(),
          vertical,
          runs,
          skipFfmpeg,
          skipProduct,
          chunked,
          longTimeline,
          demo,
          BenchCommand::childCommand,
          BenchCommand::owlCommand);
    }
  }

  @Command(
      name = "samples",
      mixinStandardHelpOptions = true,
      description =
          "Write the sample timelines (w1.json, w1v.json, showcase.json) with their generated media into DIR,"
              + " ready for 'owl render DIR/showcase.json'.")
  static final class Samples implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "Folder to write into (created when missing).")
    Path dir;

    @Option(
        names = "--w1-repeats",
        paramLabel = "N",
        description =
            "also write W1 with its five scenes N times over as w1-long.json (N x 30 s; 2 to 20),"
                + " e.g. to check that a render's memory is flat in length")
    Integer w1Repeats;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      if (w1Repeats != null && (w1Repeats < 2 || w1Repeats > 20)) {
        spec.commandLine()
            .getErr()
            .println("owl: --w1-repeats must be between 2 and 20 (got " + w1Repeats + ")");
        return ExitCodes.USAGE;
      }
      io.renderowl.cli.bench.SampleTimelines samples = new io.renderowl.cli.bench.SampleTimelines();
      PrintWriter out = spec.commandLine().getOut();
      for (Path json : samples.writeAll(dir)) {
        out.println(json);
      }
      if (w1Repeats != null) {
        out.println(samples.writeW1(dir, false, w1Repeats));
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  /** The measured render, run by {@code bench render} in a child JVM. */
  @Command(
      name = "render-child",
      hidden = true,
      description = "One measured render (used by bench render).")
  static final class RenderChildCommand implements Callable<Integer> {
    @Parameters List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
      return RenderChild.run(args.toArray(String[]::new), System.out);
    }
  }

  @Command(
      name = "publish",
      mixinStandardHelpOptions = true,
      description = {
        "Upload a video of N MB from a local S3 to loopback stubs of YouTube's resumable upload and"
            + " TikTok's FILE_UPLOAD, through the real publishers in a child JVM; print each"
            + " throughput and the publisher's peak heap growth over its idle heap (limit 64 MiB)."
      })
  static final class Publish implements Callable<Integer> {
    @Option(
        names = "--mb",
        paramLabel = "N",
        description = "video size in MB (default ${DEFAULT-VALUE})")
    int megabytes = 500;

    @Option(
        names = "--chunk-mb",
        paramLabel = "N",
        description = "upload chunk size in MiB (default ${DEFAULT-VALUE})")
    int chunkMb = 8;

    @Option(
        names = "--heap",
        paramLabel = "SIZE",
        description = "-Xmx of the publishing child JVM (default ${DEFAULT-VALUE})")
    String heap = "128m";

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      return PublishBenchmark.run(
          megabytes,
          chunkMb,
          args -> {
            List<String> command = new ArrayList<>();
            command.add("bench");
            command.add("publish-child");
            command.addAll(args);
            List<String> full = new ArrayList<>(owlCommand(command));
            full.removeIf(
                a -> a.startsWith("-Xmx") || a.startsWith("-XX:+Use") && a.endsWith("GC"));
            full.add(1, "-Xmx" + heap);
            full.add(2, "-XX:+UseSerialGC");
            return full;
          },
          out);
    }
  }

  @Command(
      name = "publish-child",
      hidden = true,
      description = "The measured side of bench publish.")
  static final class PublishChildCommand implements Callable<Integer> {
    @Parameters List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
      return PublishChild.run(args.toArray(String[]::new), System.out);
    }
  }

  /** This JVM's java, relaunched on this jar (or class path) with {@code bench render-child}. */
  static List<String> childCommand(List<String> args) {
    String javaBinary =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // JavaCPP refuses native allocations once the process's RSS passes a limit derived from the
    // heap size (about 2x -Xmx): with a small heap and x264's native frames that limit is wrong,
    // so the child turns it off and the peak RSS is measured instead
    List<String> command =
        new ArrayList<>(
            List.of(
                javaBinary,
                CHILD_HEAP,
                "-XX:+UseSerialGC",
                "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0",
                "-Dorg.bytedeco.javacpp.maxBytes=0",
                "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow"));
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

  /**
   * The commands {@code ./owl} starts with both JIT tiers (long-running, or Java-heavy); every
   * other command runs with the first tier only ({@link #QUICK_JIT}). The same list as the case in
   * {@code ./owl} ({@code BenchCommandTest} compares them).
   */
  static final java.util.Set<String> QUICK_JIT_EXCLUDED =
      java.util.Set.of("serve", "worker", "servers", "batch", "bench");

  /**
   * The JIT flags of one-shot commands (see {@code ./owl}): the first tier only, and a code cache
   * large enough that the code such a command compiles does not trigger a full collection.
   */
  static final List<String> QUICK_JIT =
      List.of("-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=128m");

  /**
   * {@code owl ARGS} in a new JVM started as {@code ./owl} starts it: the same java, the same JVM
   * flags as this one (heap, GC, native access), the JIT tiers {@code ./owl} gives that command,
   * the same jar or class path.
   */
  static List<String> owlCommand(List<String> args) {
    String javaBinary =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command = new ArrayList<>(List.of(javaBinary));
    command.addAll(
        launchFlags(
            ManagementFactory.getRuntimeMXBean().getInputArguments(),
            args.isEmpty() ? "" : args.getFirst(),
            System.getenv("RENDEROWL_JIT")));
    String classPath = System.getProperty("java.class.path");
    if (isSpringBootJar(classPath)) {
      command.addAll(List.of("-jar", classPath));
    } else {
      command.addAll(List.of("-cp", classPath, OwlMain.class.getName()));
    }
    command.addAll(args);
    return command;
  }

  /**
   * The flags of this JVM that shape a render (heap, GC, native access, system properties); no
   * agents or debuggers.
   */
  static List<String> launchFlags(List<String> inputArguments) {
    return inputArguments.stream()
        .filter(a ->
            a.startsWith("-Xm")
                || a.startsWith("-Xs")
                || a.startsWith("-XX:")
                || a.startsWith("-D")
                || a.startsWith("--enable-native-access")
                || a.startsWith("--sun-misc-unsafe-memory-access"))
        .toList();
  }

  /**
   * {@link #launchFlags(List)}, with the JIT tiers {@code ./owl} gives {@code owlCommand}: the
   * first tier only unless the command is one of {@link #QUICK_JIT_EXCLUDED} or {@code jit} is
   * {@code full} (RENDEROWL_JIT).
   */
  static List<String> launchFlags(
      List<String> inputArguments, String owlCommand, @Nullable String jit) {
    List<String> flags =
        new ArrayList<>(
            launchFlags(inputArguments).stream()
                .filter(a -> QUICK_JIT.stream().noneMatch(q -> a.startsWith(flagName(q))))
                .toList());
    if (!QUICK_JIT_EXCLUDED.contains(owlCommand) && !"full".equals(jit)) {
      flags.addAll(QUICK_JIT);
    }
    return flags;
  }

  /** {@code -XX:Name=} of {@code -XX:Name=value}. */
  private static String flagName(String flag) {
    return flag.substring(0, flag.indexOf('=') + 1);
  }

  /**
   * Whether the class path is one executable Spring Boot jar (owl.jar), whose classes -cp cannot
   * reach.
   */
  private static boolean isSpringBootJar(String classPath) {
    if (!classPath.endsWith(".jar") || classPath.contains(File.pathSeparator)) {
      return false;
    }
    try (java.util.jar.JarFile jar = new java.util.jar.JarFile(classPath)) {
      return jar.getManifest() != null
          && jar.getManifest().getMainAttributes().getValue("Start-Class") != null;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /**
   * A generated CSV submitted as a bulk batch with the TEST-ONLY instant providers, on a fresh
   * state folder: the workflows are real (Temporal, run ledger), their stages return at once.
   */
  @Command(
      name = "batch",
      mixinStandardHelpOptions = true,
      description = {
        "Submit a generated CSV (default 10,000 rows, 500 invalid spread through it) as a bulk batch whose",
        "workflows run with the TEST-ONLY instant providers; print rows/s read and validated, workflows/s",
        "started, time until every valid row is started, peak heap and the exact counts."
      })
  static final class Batch implements Callable<Integer> {
    @Option(names = "--rows", description = "rows in the CSV (default ${DEFAULT-VALUE})")
    int rows = 10_000;

    @Option(
        names = "--invalid",
        description = "invalid rows among them, evenly spread (default ${DEFAULT-VALUE})")
    int invalid = 500;

    @Option(
        names = "--wait-runs",
        description = "also wait until every run has ended and print that time")
    boolean waitRuns;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      if (invalid < 0 || invalid > rows || rows < 1) {
        spec.commandLine().getErr().println("owl: need 1 <= rows and 0 <= invalid <= rows");
        return ExitCodes.USAGE;
      }
      Path home = Files.createTempDirectory("renderowl-bench-batch-");
      Path csv = home.resolve("bench-" + rows + ".csv");
      int invalidWritten = generate(csv, rows, invalid);
      Map<String, Object> props = new LinkedHashMap<>();
      props.put("RENDEROWL_HOME", home.toString());
      // ./owl exports RENDEROWL_HOME; a system property wins over it, so the benchmark really runs
      // on its own fresh state folder (and the Temporal server that folder gets) as it says.
      System.setProperty("RENDEROWL_HOME", home.toString());
      out.printf(
          "bench batch: %d rows (%d invalid) in %s; state in %s%n",
          rows, invalidWritten, csv.getFileName(), home);
      out.println(
          "providers: instant (TEST-ONLY: every stage returns at once; workflows, ledger and Spring Batch are real)");
      out.flush();
      try (ConfigurableApplicationContext ctx =
          OwlApplication.start(OwlApplication.Mode.RUN, props, InstantStages.class)) {
        StackEndpoints endpoints = ctx.getBean(StackEndpoints.class);
        out.println(
            "temporal: " + endpoints.temporalServer() + " at " + endpoints.temporalAddress());
        out.printf(
            "cores: %d, max heap: %d MB%n",
            Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        out.flush();
        BulkBatches batches = ctx.getBean(BulkBatches.class);
        LocalUser user = ctx.getBean(LocalUser.class);
        System.gc();
        resetPeaks();
        AtomicLong sampledPeak = new AtomicLong();
        Thread sampler =
            Thread.ofPlatform()
                .daemon()
                .start(() -> {
                  Runtime rt = Runtime.getRuntime();
                  while (!Thread.currentThread().isInterrupted()) {
                    sampledPeak.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
                    try {
                      Thread.sleep(20);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
        long t0 = System.nanoTime();
        BatchSubmitted b =
            batches.submit(
                user.id().toString(), "bench", csv, RowDefaults.standard().withQuality("preview"));
        BatchProgress s;
        while (true) {
          s = batches.status(b.batchId(), 0, 0).orElseThrow();
          if (!s.reading()) {
            break;
          }
          Thread.sleep(20);
        }
        double allStarted = (System.nanoTime() - t0) / 1e9;
        BatchProgress.JobTimings t = s.timings();
        double readValidate = (t.readMillis() + t.validateMillis()) / 1000.0;
        double start = t.startMillis() / 1000.0;
        out.printf(
            "job:            %s in %.2f s (%d rows read)%n",
            s.jobStatus(), allStarted, t.rowsRead());
        out.printf(
            "read+validate:  %.0f rows/s (%.2f s read, %.2f s validate)%n",
            t.rowsRead() / Math.max(readValidate, 1e-9),
            t.readMillis() / 1000.0,
            t.validateMillis() / 1000.0);
        out.printf(
            "start:          %.0f workflows/s (%.2f s starting and recording, %d start threads)%n",
            t.workflowsCreated() / Math.max(start, 1e-9),
            start,
            ctx.getEnvironment().getProperty("RENDEROWL_BATCH_START_THREADS", Integer.class, 8));
        out.printf(
            "all started:    %.2f s after submit (%.0f workflows/s overall)%n",
            allStarted, t.workflowsCreated() / allStarted);
        out.printf(
            "workflows:      %d started, %d found already started%n",
            t.workflowsCreated(), t.workflowsFound());
        out.printf("skip report:    %d lines%n", s.skipReport().size());
        if (waitRuns) {
          while (!s.finished()) {
            Thread.sleep(500);
            s = batches.status(b.batchId(), 0, 0).orElseThrow();
          }
          out.printf(
              "all ended:      %.2f s after submit (%d completed, %d failed)%n",
              (System.nanoTime() - t0) / 1e9, s.completed(), s.failed());
        } else {
          s = batches.status(b.batchId(), 0, 0).orElseThrow();
          out.printf(
              "runs so far:    %d queued, %d running, %d completed, %d failed%n",
              s.queued(), s.running(), s.completed(), s.failed());
        }
        sampler.interrupt();
        out.printf(
            "peak heap:      %d MB used (sampled every 20 ms), %d MB (sum of heap pool peaks)%n",
            sampledPeak.get() >> 20, poolPeaks() >> 20);
        boolean exact =
            t.workflowsCreated() == rows - invalidWritten
                && s.skipReport().size() == invalidWritten;
        out.println(
            exact
                ? "counts:         exact"
                : "counts:         WRONG (expected "
                    + (rows - invalidWritten)
                    + " workflows and "
                    + invalidWritten
                    + " report lines)");
        out.flush();
        return exact ? ExitCodes.OK : ExitCodes.FAILED;
      }
    }

    /** Writes the CSV; every k-th row is invalid in one of five ways. Returns the invalid count. */
    static int generate(Path csv, int rows, int invalid) throws IOException {
      int bad = 0;
      try (BufferedWriter w = Files.newBufferedWriter(csv)) {
        w.write("topic,duration,aspect,style,platforms\n");
        for (int i = 0; i < rows; i++) {
          boolean isBad =
              invalid > 0 && (long) i * invalid / rows != (long) (i + 1) * invalid / rows;
          if (!isBad) {
            w.write("\"Fact number " + i + ", explained\",20,9:16,educational,local-folder\n");
            continue;
          }
          bad++;
          switch (bad % 5) {
            case 0 -> w.write(",20,9:16,educational,local-folder\n");
            case 1 -> w.write("Too short " + i + ",3,9:16,educational,local-folder\n");
            case 2 -> w.write("Odd aspect " + i + ",20,4:3,educational,local-folder\n");
            case 3 -> w.write("Odd style " + i + ",20,9:16,rap-battle,local-folder\n");
            default -> w.write("Nowhere " + i + ",20,9:16,educational,myspace\n");
          }
        }
      }
      return bad;
    }

    private static void resetPeaks() {
      for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
        if (p.getType() == MemoryType.HEAP) {
          p.resetPeakUsage();
        }
      }
    }

    private static long poolPeaks() {
      return ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(p -> p.getType() == MemoryType.HEAP)
          .mapToLong(p -> p.getPeakUsage().getUsed())
          .sum();
    }
  }
}
