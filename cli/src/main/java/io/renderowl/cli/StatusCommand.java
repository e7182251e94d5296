package io.renderowl.cli;

import io.renderowl.infra.pipeline.PipelineRuns;
import io.renderowl.infra.pipeline.RenderView;
import io.renderowl.infra.pipeline.Renders;
import io.renderowl.infra.pipeline.RunStatus;
import io.renderowl.infra.storage.ObjectStore;
import io.renderowl.workflows.RenderState;
import io.renderowl.workflows.RunState;
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

/** Shows where a run stands. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Show a run's or a render's state, progress and output.")
final class StatusCommand implements Callable<Integer> {
  @Parameters(
      paramLabel = "ID",
      description = "a run id (owl run/demo), a render's run id (owl render) or a render id")
  String runId;

  @Option(
      names = {"-o", "--output"},
      description = "write the run's MP4 to this file (completed runs)")
  Path output;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    Optional<ServeClient> serve = ServeClient.find();
    if (serve.isPresent()) {
      return throughServe(serve.get(), out);
    }
    try (ConfigurableApplicationContext ctx =
        OwlApplication.start(OwlApplication.Mode.CLIENT, Map.of())) {
      Optional<RunStatus> status = ctx.getBean(PipelineRuns.class).status(runId);
      if (status.isEmpty()) {
        Optional<RenderView> render = ctx.getBean(Renders.class).findAny(runId);
        if (render.isPresent()) {
          return printRender(out, render.get());
        }
        spec.commandLine().getErr().println("owl: no run or render " + runId);
        return ExitCodes.NOT_FOUND;
      }
      RunStatus s = status.get();
      print(out, s);
      if (s.outputKey() != null) {
        ObjectStore store = ctx.getBean(ObjectStore.class);
        out.println("video:    " + store.url(s.outputKey()));
        if (output != null) {
          out.println("written:  " + store.download(s.outputKey(), output.toAbsolutePath()));
        }
      }
      out.flush();
      if (output != null && s.outputKey() == null) {
        spec.commandLine()
            .getErr()
            .println("owl: run " + runId + " has no video to write (" + s.state().label() + ")");
        return ExitCodes.FAILED;
      }
      return s.state() == RunState.FAILED ? ExitCodes.FAILED : ExitCodes.OK;
    }
  }

  /** The run's status from the {@code owl serve} that holds the state folder. */
  private int throughServe(ServeClient serve, PrintWriter out) throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    Optional<RunStatus> status;
    Optional<RenderView> render = Optional.empty();
    try {
      status = serve.status(runId);
      if (status.isEmpty()) {
        render = serve.render(runId);
      }
    } catch (ServeClient.Refused e) {
      err.println("owl: " + e.getMessage());
      return ExitCodes.FAILED;
    }
    if (render.isPresent()) {
      return printRender(out, render.get());
    }
    if (status.isEmpty()) {
      err.println(serve.unknownRun(runId));
      return ExitCodes.NOT_FOUND;
    }
    RunStatus s = status.get();
    print(out, s);
    if (s.outputUrl() != null) {
      out.println("video:    " + s.outputUrl());
      if (output != null) {
        try {
          out.println("written:  " + serve.download(s.outputUrl(), output));
        } catch (ServeClient.Refused e) {
          out.flush();
          err.println("owl: " + e.getMessage());
          return ExitCodes.FAILED;
        }
      }
    }
    out.flush();
    if (output != null && s.outputUrl() == null) {
      err.println("owl: run " + runId + " has no video to write (" + s.state().label() + ")");
      return ExitCodes.FAILED;
    }
    return s.state() == RunState.FAILED ? ExitCodes.FAILED : ExitCodes.OK;
  }

  /** Prints the render; a render that ended other than completed is a failed status. */
  private static int printRender(PrintWriter out, RenderView render) {
    RenderStatusPrinter.print(out, render);
    return render.status() == RenderState.COMPLETED || !render.status().finished()
        ? ExitCodes.OK
        : ExitCodes.FAILED;
  }

  private static void print(PrintWriter out, RunStatus s) {
    out.println("run:      " + s.runId());
    out.println("topic:    " + s.topic());
    out.println("state:    " + s.state().label());
    out.println("stage:    " + s.stage().label() + " (" + s.percent() + "%)");
    out.println("message:  " + (s.message() == null ? "" : s.message()));
    out.println("created:  " + s.createdAt());
    out.println("updated:  " + s.updatedAt());
  }
}
