package io.renderowl.cli;

import io.renderowl.infra.config.RenderowlSettings;
import io.renderowl.infra.stack.StackEndpoints;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs only the workers: resumes unfinished runs after a crash, or adds capacity when pointed at a
 * shared Temporal, database and S3. With {@code --render-only} it polls only the render queues (GPU
 * queue when h264_nvenc opens here, else CPU): an extra render machine.
 */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description =
        "Run pipeline and render workers, and fire channels and system jobs on their cron, until Ctrl-C.")
final class WorkerCommand implements Callable<Integer> {
  @Option(
      names = "--render-only",
      description =
          "poll only the render task queues (GPU when h264_nvenc can be opened here, else CPU)")
  boolean renderOnly;

  @Option(
      names = "--slots",
      description =
          "chunks this worker renders at once (default: RENDEROWL_RENDER_CONCURRENCY, auto: one per core, see the README)")
  Integer slots;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    Map<String, Object> properties = new LinkedHashMap<>();
    if (renderOnly) {
      properties.put("RENDEROWL_WORKER_ROLE", RenderowlSettings.ROLE_RENDER);
    }
    if (slots != null) {
      if (slots < 1) {
        throw new IllegalArgumentException("--slots must be at least 1 (got " + slots + ")");
      }
      properties.put("RENDEROWL_RENDER_CONCURRENCY", slots.toString());
    }
    ConfigurableApplicationContext ctx =
        OwlApplication.start(
            // A render-only machine renders chunks; channels and system jobs fire on the main
            // workers.
            renderOnly ? OwlApplication.Mode.RENDER_WORKER : OwlApplication.Mode.WORKER,
            properties);
    StackEndpoints endpoints = ctx.getBean(StackEndpoints.class);
    RenderowlSettings settings = ctx.getBean(RenderowlSettings.class);
    spec.commandLine()
        .getOut()
        .printf(
            "%s polling Temporal at %s (%s); %d chunk(s) at once; health and metrics on"
                + " http://127.0.0.1:%d/actuator; Ctrl-C stops%n",
            renderOnly ? "render workers" : "workers",
            endpoints.temporalAddress(),
            endpoints.temporalServer(),
            settings.worker().renderSlots(),
            OwlApplication.managementPort(ctx));
    if (renderOnly && settings.temporal().embedded()) {
      spec.commandLine()
          .getOut()
          .println(
              "note: Temporal is embedded in this process; point RENDEROWL_TEMPORAL_ADDRESS, RENDEROWL_DB_URL and "
                  + "RENDEROWL_S3_ENDPOINT at the shared servers to render for other machines");
    }
    spec.commandLine().getOut().flush();
    OwlApplication.awaitClose(ctx);
    return ExitCodes.OK;
  }
}
