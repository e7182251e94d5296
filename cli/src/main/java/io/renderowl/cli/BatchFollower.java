package io.renderowl.cli;

import io.renderowl.infra.batch.BatchProgress;
import io.renderowl.infra.batch.BulkBatchState;
import io.renderowl.infra.batch.BulkBatches;
import java.io.PrintWriter;

/** Shows a batch's progress while this process hosts its runs, then its outcome. */
final class BatchFollower {
  private static final int WIDTH = 30;
  private final PrintWriter out;
  private final PrintWriter err;

  BatchFollower(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  /**
   * Waits until the batch ends: with {@code live} a bar redrawn in place (one line per 10% when not
   * on a terminal), else one line per 10%.
   */
  int follow(BulkBatches batches, String batchId, boolean live, int rows)
      throws InterruptedException {
    boolean interactive = live && System.console() != null;
    int lastTenth = -1;
    int lastLength = 0;
    BatchProgress s;
    while (true) {
      s = batches.status(batchId, 0, 0).orElseThrow();
      String line = line(s);
      if (interactive) {
        out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
        lastLength = line.length();
        out.flush();
      } else if (s.progress() / 10 != lastTenth || s.finished()) {
        out.println(line);
        out.flush();
        lastTenth = s.progress() / 10;
      }
      if (s.finished()) {
        break;
      }
      Thread.sleep(500);
    }
    if (interactive) {
      out.println();
    }
    s = batches.status(batchId, 0, rows).orElseThrow();
    print(s);
    return exitCode(s);
  }

  static String line(BatchProgress s) {
    int filled = s.progress() * WIDTH / 100;
    return String.format(
        "[%s%s] %3d%% %s rows %d%s | queued %d running %d completed %d failed %d skipped %d",
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        s.progress(),
        s.state().label(),
        s.rowsRead(),
        s.reading() ? " (reading)" : "",
        s.queued(),
        s.running(),
        s.completed(),
        s.failed(),
        s.skipped());
  }

  void print(BatchProgress s) {
    out.println("batch:     " + s.id() + " (" + s.name() + ")");
    out.println(
        "state:     "
            + s.state().label()
            + " (job "
            + s.jobStatus()
            + (s.reading() ? ", reading" : "")
            + ")");
    out.printf(
        "rows:      %d read: %d queued, %d running, %d completed, %d failed, %d skipped%n",
        s.rowsRead(), s.queued(), s.running(), s.completed(), s.failed(), s.skipped());
    if (!s.rows().isEmpty()) {
      out.println("outcomes:");
      for (BatchProgress.RowOutcome r : s.rows()) {
        String detail =
            r.outputUrl() != null
                ? r.outputUrl()
                : r.reason() != null ? r.reason() : r.runId() == null ? "" : r.runId();
        out.printf(
            "  line %-6d %-9s %s  %s%n",
            r.line(),
            r.state() == null ? null : r.state().label(),
            abbreviate(r.topic(), 40),
            detail);
      }
      int shown = s.rows().size();
      if (shown < s.rowsRead()) {
        out.println(
            "  ... "
                + (s.rowsRead() - shown)
                + " more (owl batch status "
                + s.id()
                + " --from N --rows M)");
      }
    }
    out.println("skip report (" + s.skipReport().size() + " rows):");
    for (BatchProgress.SkippedRow r : s.skipReport()) {
      out.println("  line " + r.line() + ": " + r.reason());
    }
    out.flush();
  }

  int exitCode(BatchProgress s) {
    if (s.state() == BulkBatchState.FAILED) {
      err.println(
          "owl: batch "
              + s.id()
              + " stopped before reading all rows (job "
              + s.jobStatus()
              + "); continue it with: ./owl batch resume "
              + s.id());
      err.flush();
      return ExitCodes.FAILED;
    }
    if (s.failed() > 0) {
      err.println(
          "owl: " + s.failed() + " run(s) of batch " + s.id() + " failed (see the outcomes above)");
      err.flush();
      return ExitCodes.FAILED;
    }
    return ExitCodes.OK;
  }

  private static String abbreviate(String text, int max) {
    if (text == null) {
      return "";
    }
    return text.length() <= max ? text : text.substring(0, max - 3) + "...";
  }
}
