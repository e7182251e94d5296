package io.renderowl.cli;

import io.renderowl.infra.batch.BatchStatus;
import io.renderowl.infra.batch.BatchSubmitted;
import io.renderowl.infra.batch.BulkBatches;
import io.renderowl.infra.batch.RowDefaults;
import io.renderowl.infra.stack.StackEndpoints;
import io.renderowl.infra.users.LocalUser;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Benchmarks that print figures (no pass/fail timing in tests). */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks that print figures.",
    subcommands = {BenchCommand.Batch.class})
final class BenchCommand {

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

    @Option(names = "--invalid", description = "invalid rows among them, evenly spread (default ${DEFAULT-VALUE})")
    int invalid = 500;

    @Option(names = "--wait-runs", description = "also wait until every run has ended and print that time")
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
      props.put("RENDEROWL_PROVIDERS", "instant");
      out.printf("bench batch: %d rows (%d invalid) in %s; state in %s%n", rows, invalidWritten, csv.getFileName(), home);
      out.println("providers: instant (TEST-ONLY: every stage returns at once; workflows, ledger and Spring Batch are real)");
      out.flush();
      try (ConfigurableApplicationContext ctx = OwlApplication.start(OwlApplication.Mode.RUN, props)) {
        StackEndpoints endpoints = ctx.getBean(StackEndpoints.class);
        out.println("temporal: " + endpoints.temporalServer() + " at " + endpoints.temporalAddress());
        out.printf("cores: %d, max heap: %d MB%n", Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        out.flush();
        BulkBatches batches = ctx.getBean(BulkBatches.class);
        LocalUser user = ctx.getBean(LocalUser.class);
        System.gc();
        resetPeaks();
        AtomicLong sampledPeak = new AtomicLong();
        Thread sampler =
            Thread.ofPlatform().daemon().start(
                () -> {
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
        BatchSubmitted b = batches.submit(user.id().toString(), "bench", csv, RowDefaults.standard().withQuality("preview"));
        BatchStatus s;
        while (true) {
          s = batches.status(b.batchId(), 0, 0).orElseThrow();
          if (!s.reading()) {
            break;
          }
          Thread.sleep(20);
        }
        double allStarted = (System.nanoTime() - t0) / 1e9;
        BatchStatus.JobTimings t = s.timings();
        double readValidate = (t.readMillis() + t.validateMillis()) / 1000.0;
        double start = t.startMillis() / 1000.0;
        out.printf("job:            %s in %.2f s (%d rows read)%n", s.jobStatus(), allStarted, t.rowsRead());
        out.printf("read+validate:  %.0f rows/s (%.2f s read, %.2f s validate)%n", t.rowsRead() / Math.max(readValidate, 1e-9), t.readMillis() / 1000.0, t.validateMillis() / 1000.0);
        out.printf("start:          %.0f workflows/s (%.2f s starting and recording, %d start threads)%n", t.workflowsCreated() / Math.max(start, 1e-9), start, ctx.getEnvironment().getProperty("RENDEROWL_BATCH_START_THREADS", Integer.class, 8));
        out.printf("all started:    %.2f s after submit (%.0f workflows/s overall)%n", allStarted, t.workflowsCreated() / allStarted);
        out.printf("workflows:      %d started, %d found already started%n", t.workflowsCreated(), t.workflowsFound());
        out.printf("skip report:    %d lines%n", s.skipReport().size());
        if (waitRuns) {
          while (!s.finished()) {
            Thread.sleep(500);
            s = batches.status(b.batchId(), 0, 0).orElseThrow();
          }
          out.printf("all ended:      %.2f s after submit (%d completed, %d failed)%n", (System.nanoTime() - t0) / 1e9, s.completed(), s.failed());
        } else {
          s = batches.status(b.batchId(), 0, 0).orElseThrow();
          out.printf("runs so far:    %d queued, %d running, %d completed, %d failed%n", s.queued(), s.running(), s.completed(), s.failed());
        }
        sampler.interrupt();
        out.printf("peak heap:      %d MB used (sampled every 20 ms), %d MB (sum of heap pool peaks)%n", sampledPeak.get() >> 20, poolPeaks() >> 20);
        boolean exact = t.workflowsCreated() == rows - invalidWritten && s.skipReport().size() == invalidWritten;
        out.println(exact ? "counts:         exact" : "counts:         WRONG (expected " + (rows - invalidWritten) + " workflows and " + invalidWritten + " report lines)");
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
          boolean isBad = invalid > 0 && (long) i * invalid / rows != (long) (i + 1) * invalid / rows;
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
