package io.renderowl.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs one pipeline on a topic. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run one pipeline: topic -> published MP4.")
final class RunCommand implements Callable<Integer> {
  @Option(names = "--topic", required = true, description = "what the video is about")
  String topic;

  @Mixin RunOptions options;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    return new PipelineRunner(spec.commandLine().getOut(), spec.commandLine().getErr())
        .run(topic, options);
  }
}
