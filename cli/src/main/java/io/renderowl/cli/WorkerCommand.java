package io.renderowl.cli;

import io.renderowl.activities.worker.RenderWorkerProcess;
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
  private static final String EMBEDDED_NOTE =
      "note: Temporal is embedded in this process; point RENDEROWL_TEMPORAL_ADDRESS, RENDEROWL_DB_URL"
          + " and RENDEROWL_S3_ENDPOINT at the shared servers to render for other machines";

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
  public Integer call() throws Exception {
    Map<String, Object> properties = new LinkedHashMap<>();
    if (slots != null) {
      if (slots < 1) {
        throw new IllegalArgumentException("--slots must be at least 1 (got " + slots + ")");
      }
      properties.put("RENDEROWL_RENDER_CONCURRENCY", slots.toString());
    }
    if (renderOnly) {
      return renderOnly(properties);
    }
    ConfigurableApplicationContext ctx =
        OwlApplication.start(OwlApplication.Mode.WORKER, properties);
    StackEndpoints endpoints = ctx.getBean(StackEndpoints.class);
    RenderowlSettings settings = ctx.getBean(RenderowlSettings.class);
    spec.commandLine()
        .getOut()
        .printf(
            "workers polling Temporal at %s (%s); %d chunk(s) at once; health and metrics on"
                + " http://127.0.0.1:%d/actuator; Ctrl-C stops%n",
            endpoints.temporalAddress(),
            endpoints.temporalServer(),
            settings.worker().renderSlots(),
            OwlApplication.managementPort(ctx));
    spec.commandLine().getOut().flush();
    OwlApplication.awaitClose(ctx);
    return ExitCodes.OK;
  }

  /**
   * A render-only worker runs without a Spring context ({@link RenderOnlyWorker}); Ctrl-C (the
   * JVM's shutdown) stops it.
   */
  private Integer renderOnly(Map<String, Object> properties) throws Exception {
    RenderOnlyWorker worker = RenderOnlyWorker.start(properties);
    RenderWorkerProcess process = worker.process();
    java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  worker.close();
                  stopped.countDown();
                },
                "render-worker-shutdown"));
    StackEndpoints endpoints = process.endpoints();
    spec.commandLine()
        .getOut()
        .printf(
            "render workers polling Temporal at %s (%s); %d chunk(s) at once, x264 %s threads;"
                + " health and metrics on http://127.0.0.1:%d/actuator; Ctrl-C stops%n",
            endpoints.temporalAddress(),
            endpoints.temporalServer(),
            process.renderSlots(),
            process.slicedX264Threads() ? "sliced" : "frame",
            process.managementPort());
    if (process.temporalEmbedded()) {
      spec.commandLine().getOut().println(EMBEDDED_NOTE);
    }
    spec.commandLine().getOut().flush();
    stopped.await();
    return ExitCodes.OK;
  }
}
