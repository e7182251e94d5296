package io.renderowl.cli;

import java.util.List;
import picocli.CommandLine.Command;

/**
 * The root command. Its subcommands are added by {@link OwlMain#commandLine(String...)}: only the
 * one a command line names, when it names one. Picocli reads a subcommand's annotations when it is
 * added: building the command line took 157 ms of CPU in {@code owl status} with all twenty, 85 ms
 * with the one named (README, Performance: "A command line of one subcommand").
 */
@Command(
    name = "owl",
    mixinStandardHelpOptions = true,
    version = "owl 0.1.0",
    description =
        "Renderowl: turns a topic into a rendered, published video through Temporal workflows.")
final class OwlCommand {
  /** The subcommands, in the order the usage help lists them. */
  static final List<Class<?>> SUBCOMMANDS =
      List.of(
          DemoCommand.class,
          RunCommand.class,
          PublishCommand.class,
          RenderCommand.class,
          StatusCommand.class,
          WatchCommand.class,
          CancelCommand.class,
          ServeCommand.class,
          WorkerCommand.class,
          BatchCommand.class,
          ChannelCommand.class,
          SocialCommand.class,
          JobsCommand.class,
          ServersCommand.class,
          CreditsCommand.class,
          TemplateCommand.class,
          WebhooksCommand.class,
          UserCommand.class,
          AdminCommand.class,
          BenchCommand.class);
}
