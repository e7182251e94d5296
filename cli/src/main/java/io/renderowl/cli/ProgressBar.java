package io.renderowl.cli;

import io.renderowl.infra.pipeline.RunStatus;
import java.io.PrintWriter;

/**
 * A one-line progress bar with the current stage, redrawn in place on a terminal; elsewhere (CI,
 * pipes) one line per stage and per 10% so logs stay short.
 */
final class ProgressBar {
  private static final int WIDTH = 30;
  private final PrintWriter out;
  private final boolean interactive;
  private String lastStage = "";
  private int lastTenth = -1;
  private int lastLength = 0;

  ProgressBar(PrintWriter out, boolean interactive) {
    this.out = out;
    this.interactive = interactive;
  }

  void show(RunStatus s) {
    int filled = s.percent() * WIDTH / 100;
    String line =
        String.format(
            "[%s%s] %3d%% %-8s %s",
            "#".repeat(filled),
            ".".repeat(WIDTH - filled),
            s.percent(),
            s.stage().label(),
            abbreviate(s.message()));
    if (interactive) {
      out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
      lastLength = line.length();
      out.flush();
    } else if (!s.stage().label().equals(lastStage) || s.percent() / 10 != lastTenth) {
      out.println(line);
      out.flush();
    }
    lastStage = s.stage().label();
    lastTenth = s.percent() / 10;
  }

  void finish() {
    if (interactive) {
      out.println();
      out.flush();
    }
  }

  private static String abbreviate(String message) {
    if (message == null) {
      return "";
    }
    return message.length() <= 60 ? message : message.substring(0, 57) + "...";
  }
}
