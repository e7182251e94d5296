package io.renderowl.cli;

import io.renderowl.infra.pipeline.PipelineRuns;
import io.renderowl.infra.pipeline.RenderView;
import io.renderowl.infra.pipeline.Renders;
import io.renderowl.workflows.RenderState;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
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
  private static final java.time.Duration POLL = java.time.Duration.ofSeconds(1);

  @Parameters(
      paramLabel = "ID",
      description = "a run id (owl run/demo), a render's run id (owl render) or a render id")
  String runId;

  @Option(
      names = {"-o", "--output"},
      description = "write the final MP4 to this file")
  Path output;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    long started = System.nanoTime();
    Optional<ServeClient> serve = ServeClient.find();
    if (serve.isPresent()) {
      // the server's workers host the run; this command only follows it
      return throughServe(serve.get(), started);
    }
    try (ConfigurableApplicationContext ctx =
        OwlApplication.start(OwlApplication.Mode.RUN, Map.of())) {
      // The run was last on a process that is gone (killed, or interrupted): its next tasks go to
      // this one's workers now, not after the server's 5 s wait for the gone sticky queue.
      PipelineRuns runs = ctx.getBean(PipelineRuns.class);
      if (runs.status(runId).isEmpty()) {
        Renders renders = ctx.getBean(Renders.class);
        Optional<RenderView> render = renders.findAny(runId);
        if (render.isPresent()) {
          runs.takeOver(render.get().runId());
          return followRender(() -> renders.findAny(runId).orElseThrow());
        }
        spec.commandLine().getErr().println("owl: no run or render " + runId);
        return ExitCodes.NOT_FOUND;
      }
      runs.takeOver(runId);
      return new PipelineRunner(spec.commandLine().getOut(), spec.commandLine().getErr())
          .follow(ctx, runId, output, started);
    }
  }

  private int throughServe(ServeClient serve, long started) throws InterruptedException {
    try {
      if (serve.status(runId).isEmpty()) {
        if (serve.render(runId).isPresent()) {
          return followRender(() -> serve.render(runId).orElseThrow());
        }
        spec.commandLine().getErr().println(serve.unknownRun(runId));
        return ExitCodes.NOT_FOUND;
      }
    } catch (ServeClient.Refused e) {
      spec.commandLine().getErr().println("owl: " + e.getMessage());
      return ExitCodes.FAILED;
    }
    return new PipelineRunner(spec.commandLine().getOut(), spec.commandLine().getErr())
        .followThroughServe(serve, runId, output, started);
  }

  /** Where the render stands now: from this process's engine, or from the running server. */
  private interface RenderLookup {
    RenderView now() throws ServeClient.Refused, InterruptedException;
  }

  /** Prints the render's progress when it changes, until it ends. */
  private int followRender(RenderLookup lookup) throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    String last = "";
    while (true) {
      RenderView r;
      try {
        r = lookup.now();
      } catch (ServeClient.Refused e) {
        if (e.rateLimited()) {
          // the user's other clients spent the rate: the render goes on in the server
          Thread.sleep(Math.max(e.retryAfter().toMillis(), POLL.toMillis()));
          continue;
        }
        spec.commandLine().getErr().println("owl: " + e.getMessage());
        return ExitCodes.FAILED;
      }
      String line = RenderStatusPrinter.line(r);
      if (!line.equals(last)) {
        out.println(line);
        out.flush();
        last = line;
      }
      if (r.status().finished()) {
        RenderStatusPrinter.print(out, r);
        return r.status() == RenderState.COMPLETED ? ExitCodes.OK : ExitCodes.FAILED;
      }
      Thread.sleep(POLL.toMillis());
    }
  }
}
