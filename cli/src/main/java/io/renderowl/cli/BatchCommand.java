package io.renderowl.cli;

import io.renderowl.infra.batch.BatchProgress;
import io.renderowl.infra.batch.BatchSubmitted;
import io.renderowl.infra.batch.BulkBatches;
import io.renderowl.infra.batch.RowDefaults;
import io.renderowl.infra.batch.SkipReportCsv;
import io.renderowl.infra.users.LocalUser;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Bulk batches: submit a CSV/JSONL of topics, follow it, show its status, resume it, export its
 * skip report.
 */
@Command(
    name = "batch",
    mixinStandardHelpOptions = true,
    description =
        "Bulk batches: one video per row of a CSV or JSONL file (Spring Batch, restartable).",
    subcommands = {
      BatchCommand.Submit.class,
      BatchCommand.Status.class,
      BatchCommand.Resume.class,
      BatchCommand.Skipped.class
    })
final class BatchCommand {

  @Command(
      name = "submit",
      mixinStandardHelpOptions = true,
      description = {
        "Submit FILE (.csv with a header, or .jsonl) and host the workers until the batch ends.",
        "Columns/keys: topic (required), style, voice, aspect, duration, platforms (a;b), quality (full|preview), language."
      })
  static final class Submit implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "the rows: FILE.csv or FILE.jsonl")
    Path file;

    @Option(names = "--name", description = "batch name (default: the file name)")
    String name;

    @Option(
        names = "--preview",
        description = "rows without a quality render fast low-resolution previews")
    boolean preview;

    @Option(names = "--follow", description = "show a live progress bar until the batch ends")
    boolean follow;

    @Option(
        names = "--callback-url",
        paramLabel = "URL",
        description =
            "POST the batch's end (completed, completed with failures, failed) with its counts to"
                + " this URL, signed with your webhook secret")
    String callbackUrl;

    @Option(
        names = "--rows",
        description = "per-row outcomes to print at the end (default ${DEFAULT-VALUE})")
    int rows = 20;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
      PrintWriter out = spec.commandLine().getOut();
      try (ConfigurableApplicationContext ctx =
          OwlApplication.start(OwlApplication.Mode.RUN, Map.of())) {
        BulkBatches batches = ctx.getBean(BulkBatches.class);
        LocalUser user = ctx.getBean(LocalUser.class);
        RowDefaults defaults = RowDefaults.standard();
        if (preview) {
          defaults = defaults.withQuality("preview");
        }
        BatchSubmitted b;
        try {
          b = batches.submit(user.id().toString(), name, file, defaults, callbackUrl);
        } catch (IllegalArgumentException e) {
          spec.commandLine().getErr().println("owl: " + e.getMessage());
          return ExitCodes.USAGE;
        }
        out.println("submitted batch " + b.batchId() + " (" + b.name() + ", " + b.format() + ")");
        out.flush();
        return new BatchFollower(out, spec.commandLine().getErr())
            .follow(batches, b.batchId(), follow, rows);
      }
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Show a batch's counts, per-row outcomes and skip report.")
  static final class Status implements Callable<Integer> {
    @Parameters(paramLabel = "BATCH_ID", description = "the id printed by owl batch submit")
    String batchId;

    @Option(names = "--rows", description = "per-row outcomes to print (default ${DEFAULT-VALUE})")
    int rows = 20;

    @Option(
        names = "--from",
        description = "first row to print, 0-based (default ${DEFAULT-VALUE})")
    int from = 0;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      try (ConfigurableApplicationContext ctx =
          OwlApplication.start(OwlApplication.Mode.CLIENT, Map.of())) {
        Optional<BatchProgress> s = ctx.getBean(BulkBatches.class).status(batchId, from, rows);
        if (s.isEmpty()) {
          spec.commandLine().getErr().println("owl: no batch " + batchId);
          return ExitCodes.NOT_FOUND;
        }
        BatchFollower f =
            new BatchFollower(spec.commandLine().getOut(), spec.commandLine().getErr());
        f.print(s.get());
        return f.exitCode(s.get());
      }
    }
  }

  @Command(
      name = "skipped",
      mixinStandardHelpOptions = true,
      description = {
        "Print a batch's skip report: every row that started no run, with why.",
        "--csv prints it as CSV (line,topic,reason) safe to open in a spreadsheet: cells starting"
            + " with = + - @, a tab or CR get a leading '."
      })
  static final class Skipped implements Callable<Integer> {
    @Parameters(paramLabel = "BATCH_ID", description = "the id printed by owl batch submit")
    String batchId;

    @Option(names = "--csv", description = "print CSV (line,topic,reason) instead of text")
    boolean csv;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      try (ConfigurableApplicationContext ctx =
          OwlApplication.start(OwlApplication.Mode.CLIENT, Map.of())) {
        Optional<BatchProgress> s = ctx.getBean(BulkBatches.class).status(batchId, 0, 0);
        if (s.isEmpty()) {
          spec.commandLine().getErr().println("owl: no batch " + batchId);
          return ExitCodes.NOT_FOUND;
        }
        PrintWriter out = spec.commandLine().getOut();
        if (csv) {
          out.print(SkipReportCsv.of(s.get().skipReport()));
        } else {
          out.println("skip report of batch " + batchId + " (" + s.get().skipped() + " rows):");
          for (BatchProgress.SkippedRow r : s.get().skipReport()) {
            out.println("  line " + r.line() + ": " + r.reason());
          }
        }
        out.flush();
        return ExitCodes.OK;
      }
    }
  }

  @Command(
      name = "resume",
      mixinStandardHelpOptions = true,
      description =
          "Restart a batch whose job did not finish reading (after a crash) and host the workers until it ends.")
  static final class Resume implements Callable<Integer> {
    @Parameters(paramLabel = "BATCH_ID", description = "the id printed by owl batch submit")
    String batchId;

    @Option(names = "--follow", description = "show a live progress bar until the batch ends")
    boolean follow;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
      PrintWriter out = spec.commandLine().getOut();
      try (ConfigurableApplicationContext ctx =
          OwlApplication.start(OwlApplication.Mode.RUN, Map.of())) {
        BulkBatches batches = ctx.getBean(BulkBatches.class);
        boolean resumed;
        try {
          resumed = batches.resume(batchId);
        } catch (NoSuchElementException e) {
          spec.commandLine().getErr().println("owl: no batch " + batchId);
          return ExitCodes.NOT_FOUND;
        }
        out.println(
            resumed
                ? "resumed batch " + batchId + " after its last committed chunk"
                : "batch " + batchId + " has read all its rows; following its runs");
        out.flush();
        return new BatchFollower(out, spec.commandLine().getErr())
            .follow(batches, batchId, follow, 20);
      }
    }
  }
}
