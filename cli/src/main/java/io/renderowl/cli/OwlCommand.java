package io.renderowl.cli;

import picocli.CommandLine.Command;

/** The root command. */
@Command(
    name = "owl",
    mixinStandardHelpOptions = true,
    version = "owl 0.1.0",
    description =
        "Renderowl: turns a topic into a rendered, published video through Temporal workflows.",
    subcommands = {
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
      BenchCommand.class
    })
final class OwlCommand {}
