package io.renderowl.cli;

import io.renderowl.infra.pipeline.PipelineRuns;
import io.renderowl.infra.pipeline.RenderView;
import io.renderowl.infra.pipeline.Renders;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Cancels a pipeline run or a render. */
@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    description =
        "Cancel a run or a render: its chunks stop at their next heartbeat and it ends cancelled.")
final class CancelCommand implements Callable<Integer> {
  @Parameters(
      paramLabel = "ID",
      description = "a run id (owl run/demo), a render's run id (owl render) or a render id (API)")
  String id;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    try (ConfigurableApplicationContext ctx =
        OwlApplication.start(OwlApplication.Mode.CLIENT, Map.of())) {
      Optional<RenderView> render = ctx.getBean(Renders.class).findAny(id);
      if (render.isPresent()) {
        RenderView r = render.get();
        if (r.status().finished()) {
          spec.commandLine()
              .getErr()
              .println("owl: render " + id + " has already ended (" + r.status().label() + ")");
          return ExitCodes.FAILED;
        }
        ctx.getBean(Renders.class).cancelAny(id);
        spec.commandLine()
            .getOut()
            .println("cancelling render " + r.id() + " (run " + r.runId() + ")");
        return ExitCodes.OK;
      }
      PipelineRuns runs = ctx.getBean(PipelineRuns.class);
      if (runs.status(id).isEmpty()) {
        spec.commandLine().getErr().println("owl: no run or render " + id);
        return ExitCodes.NOT_FOUND;
      }
      if (!runs.cancel(id)) {
        spec.commandLine().getErr().println("owl: run " + id + " has already ended");
        return ExitCodes.FAILED;
      }
      spec.commandLine().getOut().println("cancelling run " + id);
      return ExitCodes.OK;
    }
  }
}
