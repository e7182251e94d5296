package io.renderowl.cli;

import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./owl}. */
public final class OwlMain {
  private OwlMain() {}

  public static void main(String[] args) {
    System.exit(commandLine(args).execute(args));
  }

  /** The configured command line with every subcommand (tests use it). */
  public static CommandLine commandLine() {
    return commandLine(new String[0]);
  }

  /**
   * The configured command line for {@code arguments}: with only the subcommand named by the first
   * argument, when it names one, else with all of them (the usage help lists them all).
   */
  public static CommandLine commandLine(String... arguments) {
    CommandLine cl = new CommandLine(new OwlCommand());
    Optional<Class<?>> named =
        arguments.length == 0
            ? Optional.empty()
            : OwlCommand.SUBCOMMANDS.stream()
                .filter(c -> c.getAnnotation(Command.class).name().equals(arguments[0]))
                .findFirst();
    if (named.isPresent()) {
      cl.addSubcommand(named.get());
    } else {
      OwlCommand.SUBCOMMANDS.forEach(cl::addSubcommand);
    }
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
