package io.renderowl.cli;

import io.renderowl.infra.pipeline.RenderView;
import java.io.PrintWriter;

/** Prints a render as {@code owl status} and {@code owl watch} show it. */
final class RenderStatusPrinter {

  private RenderStatusPrinter() {}

  static void print(PrintWriter out, RenderView r) {
    out.println("render:   " + r.id());
    out.println("run:      " + r.runId());
    out.println("timeline: " + r.timelineId());
    out.println("state:    " + r.status().label() + " (" + r.progress() + "%)");
    out.println("chunks:   " + r.chunksDone() + " done of " + r.chunksStarted() + " started");
    if (r.error() != null) {
      out.println("error:    " + r.error());
    }
    out.println("created:  " + r.createdAt());
    if (r.outputUrl() != null) {
      out.println("video:    " + r.outputUrl());
      out.println("poster:   " + r.posterUrl());
    }
    out.flush();
  }

  static String line(RenderView r) {
    return String.format(
        "%-10s %3d%%  %d of %d chunk(s) done%s",
        r.status().label(),
        r.progress(),
        r.chunksDone(),
        r.chunksStarted(),
        r.error() == null ? "" : "  " + r.error());
  }
}
