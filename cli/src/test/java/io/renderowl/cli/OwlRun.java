package io.renderowl.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One invocation of owl as a test sees it: the exit code and what was printed to out and err. */
record OwlRun(int exitCode, String out, String err) {

  /**
   * Runs owl with {@code args} through {@link OwlMain#commandLine(String...)}, as {@code ./owl}
   * does, capturing its output.
   */
  static OwlRun owl(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode =
        OwlMain.commandLine(args)
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(args);
    return new OwlRun(exitCode, out.toString(), err.toString());
  }
}
