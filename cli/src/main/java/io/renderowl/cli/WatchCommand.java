package io.renderowl.cli;

import io.renderowl.infra.pipeline.PipelineRuns;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Follows a run to its end while hosting workers: after `owl run` was interrupted or its process
 * killed, this resumes the run where Temporal left it (dev server or an external server).
 */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description = "Host workers and follow a run until it ends (resumes an interrupted run).")
final class WatchCommand implements Callable<Integer> {
  @Parameters(paramLabel = "RUN_ID", description = "the run id printed by owl run/demo")
  String runId;

  @Option(
      names = {"-o", "--output"},
      description = "write the final MP4 to this file")
  Path output;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    long started = System.nanoTime();
    try (ConfigurableApplicationContext ctx =
        OwlApplication.start(OwlApplication.Mode.RUN, Map.of())) {
      if (ctx.getBean(PipelineRuns.class).status(runId).isEmpty()) {
        spec.commandLine().getErr().println("owl: no run " + runId);
        return ExitCodes.NOT_FOUND;
      }
      return new PipelineRunner(spec.commandLine().getOut(), spec.commandLine().getErr())
          .follow(ctx, runId, output, started);
    }
  }
}
