package io.renderowl.cli;

import picocli.CommandLine;

/** Entry point of {@code ./owl}. */
public final class OwlMain {
  private OwlMain() {}

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line (tests use it to assert output and exit codes). */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new OwlCommand());
    cl.setParameterExceptionHandler((e, args) -> {
      CommandLine failed = e.getCommandLine();
      failed
          .getErr()
          .println(
              "owl: "
                  + e.getMessage()
                  + " (see '"
                  + failed.getCommandSpec().qualifiedName()
                  + " --help')");
      return ExitCodes.USAGE;
    });
    cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      String message = root.getMessage() == null ? root.toString() : root.getMessage();
      commandLine.getErr().println("owl: " + message.lines().findFirst().orElse(message));
      return e instanceof IllegalArgumentException ? ExitCodes.USAGE : ExitCodes.FAILED;
    });
    return cl;
  }
}
