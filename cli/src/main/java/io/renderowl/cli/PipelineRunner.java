package io.renderowl.cli;

import io.renderowl.infra.pipeline.InvalidRequestException;
import io.renderowl.infra.pipeline.PipelineRuns;
import io.renderowl.infra.pipeline.RunStatus;
import io.renderowl.infra.pipeline.StartedRun;
import io.renderowl.infra.stack.StackEndpoints;
import io.renderowl.infra.storage.ObjectStore;
import io.renderowl.infra.users.LocalUser;
import io.renderowl.workflows.FieldError;
import io.renderowl.workflows.PipelineRequest;
import io.renderowl.workflows.PipelineRequests;
import java.util.List;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the engine, submits one run as the local user, shows its progress and its result. */
final class PipelineRunner {
  private static PipelineRequest request(String userId, String topic, RunOptions options, String requestKey) {
    return new PipelineRequest(
        userId, topic, options.aspect, options.durationSeconds, options.voice, options.platforms, requestKey);
  }

  private final PrintWriter out;
  private final PrintWriter err;

  PipelineRunner(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  int run(String topic, RunOptions options) throws InterruptedException {
    long started = System.nanoTime();
    String requestKey = options.requestKey == null ? UUID.randomUUID().toString() : options.requestKey;
    // Check the options before starting the engine; the user id is known only once it runs.
    List<FieldError> errors =
        PipelineRequests.validate(request(UUID.randomUUID().toString(), topic, options, requestKey));
    if (!errors.isEmpty()) {
      err.println("owl: " + new InvalidRequestException(errors).getMessage());
      return ExitCodes.USAGE;
    }
    try (ConfigurableApplicationContext ctx = OwlApplication.start(OwlApplication.Mode.RUN, Map.of())) {
      LocalUser user = ctx.getBean(LocalUser.class);
      StackEndpoints endpoints = ctx.getBean(StackEndpoints.class);
      PipelineRuns runs = ctx.getBean(PipelineRuns.class);
      PipelineRequest request = request(user.id().toString(), topic, options, requestKey);
      StartedRun run;
      try {
        run = runs.start(request);
      } catch (InvalidRequestException e) {
        err.println("owl: " + e.getMessage());
        return ExitCodes.USAGE;
      }
      out.println(
          (run.created() ? "started run " : "found earlier run ")
              + run.runId()
              + " (Temporal "
              + endpoints.temporalServer()
              + (endpoints.temporalUiUrl() == null
                  ? ""
                  : ", " + endpoints.temporalUiUrl() + "/namespaces/" + endpoints.temporalNamespace() + "/workflows/" + run.runId())
              + ")");
      out.flush();
      ProgressBar bar = new ProgressBar(out, System.console() != null);
      RunStatus last = runs.await(run.runId(), Duration.ofMillis(500), bar::show);
      bar.finish();
      double seconds = (System.nanoTime() - started) / 1e9;
      if (!"completed".equals(last.state())) {
        err.println("owl: run " + run.runId() + " failed: " + last.message());
        return ExitCodes.FAILED;
      }
      out.printf("completed run %s in %.1f s%n", run.runId(), seconds);
      out.println("  video:     " + ctx.getBean(ObjectStore.class).url(last.outputKey()));
      out.println("  " + last.message());
      if (options.output != null) {
        Path target = options.output.toAbsolutePath();
        ctx.getBean(ObjectStore.class).download(last.outputKey(), target);
        out.println("  written:   " + target);
      }
      out.flush();
      return ExitCodes.OK;
    }
  }
}
