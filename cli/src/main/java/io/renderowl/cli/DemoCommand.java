package io.renderowl.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Runs one pipeline on a built-in topic. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Run one pipeline on a built-in topic.")
final class DemoCommand implements Callable<Integer> {
  static final String TOPIC = "How honeybees turn flower nectar into honey";

  @Mixin RunOptions options;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    return new PipelineRunner(spec.commandLine().getOut(), spec.commandLine().getErr())
        .run(TOPIC, options);
  }
}
