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
import io.renderowl.workflows.RunState;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Starts the engine, submits one run as the local user, shows its progress and its result. */
final class PipelineRunner {
  private static PipelineRequest request(
      String userId, String topic, RunOptions options, String requestKey) {
    return new PipelineRequest(
            userId,
            topic,
            options.aspect,
            options.durationSeconds,
            options.voice,
            options.platforms,
            requestKey,
            options.style,
            options.language,
            options.preview ? PipelineRequest.QUALITY_PREVIEW : PipelineRequest.QUALITY_FULL)
        .withAccounts(options.accounts, options.publishAt)
        .withTemplate(options.template == null ? "" : options.template)
        .withCallback(options.callbackUrl == null ? "" : options.callbackUrl);
  }

  private final PrintWriter out;
  private final PrintWriter err;

  PipelineRunner(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  int run(String topic, RunOptions options) throws InterruptedException {
    long started = System.nanoTime();
    String requestKey =
        options.requestKey == null || options.requestKey.isBlank()
            ? UUID.randomUUID().toString()
            : options.requestKey;
    // Check the options before starting the engine; the user id is known only once it runs.
    List<FieldError> errors =
        PipelineRequests.validate(
            request(UUID.randomUUID().toString(), topic, options, requestKey));
    if (!errors.isEmpty()) {
      err.println("owl: " + new InvalidRequestException(errors).getMessage());
      return ExitCodes.USAGE;
    }
    Optional<ServeClient> serve = ServeClient.find();
    if (serve.isPresent()) {
      return throughServe(serve.get(), topic, options, requestKey, started);
    }
    try (ConfigurableApplicationContext ctx =
        OwlApplication.start(OwlApplication.Mode.RUN, Map.of())) {
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
                  : ", "
                      + endpoints.temporalUiUrl()
                      + "/namespaces/"
                      + endpoints.temporalNamespace()
                      + "/workflows/"
                      + run.runId())
              + ")");
      out.flush();
      return follow(ctx, run.runId(), options.output, started);
    }
  }

  /**
   * Hosts the workers of {@code ctx} and shows the run's progress until it ends; writes the MP4 to
   * {@code output} when given.
   */
  int follow(ConfigurableApplicationContext ctx, String runId, Path output, long startedNanos)
      throws InterruptedException {
    PipelineRuns runs = ctx.getBean(PipelineRuns.class);
    ObjectStore store = ctx.getBean(ObjectStore.class);
    return follow(
        runId,
        output,
        startedNanos,
        new Followed() {
          @Override
          public RunStatus await(Consumer<RunStatus> progress) throws InterruptedException {
            return runs.await(runId, Duration.ofMillis(500), progress);
          }

          @Override
          public String video(RunStatus done) {
            return store.url(done.outputKey());
          }

          @Override
          public Optional<Duration> renderTime() {
            return runs.renderTime(runId);
          }

          @Override
          public Path download(RunStatus done, Path target) {
            return store.download(done.outputKey(), target.toAbsolutePath());
          }

          @Override
          public String stopped() {
            // Ctrl-C stops this process, not the run: Temporal keeps it, `owl watch` picks it up
            return "owl: stopped; run "
                + runId
                + " is kept by Temporal, resume it with: ./owl watch "
                + runId;
          }
        });
  }

  /** Where a followed run's status, video and the line for Ctrl-C come from. */
  private interface Followed {
    RunStatus await(Consumer<RunStatus> progress) throws Exception;

    String video(RunStatus done);

    /** The render workflow's start to close, where this side can ask Temporal for it. */
    default Optional<Duration> renderTime() {
      return Optional.empty();
    }

    Path download(RunStatus done, Path target) throws Exception;

    String stopped();
  }

  /**
   * Shows the run's progress until it ends, then its result and where the time went; writes the MP4
   * to {@code output} when given. Ctrl-C stops following, never the run.
   */
  private int follow(String runId, Path output, long startedNanos, Followed followed)
      throws InterruptedException {
    ProgressBar bar = new ProgressBar(out, System.console() != null);
    StageClock stages = new StageClock(startedNanos);
    Thread polling = Thread.currentThread();
    Thread interrupted =
        new Thread(() -> {
          polling.interrupt();
          err.println();
          err.println(followed.stopped());
          err.flush();
        });
    Runtime.getRuntime().addShutdownHook(interrupted);
    RunStatus last;
    try {
      last =
          followed.await(status -> {
            stages.saw(status);
            bar.show(status);
          });
    } catch (InterruptedException e) {
      return ExitCodes.FAILED;
    } catch (Exception e) {
      Runtime.getRuntime().removeShutdownHook(interrupted);
      err.println("owl: " + e.getMessage());
      return ExitCodes.FAILED;
    }
    Runtime.getRuntime().removeShutdownHook(interrupted);
    bar.finish();
    double seconds = (System.nanoTime() - startedNanos) / 1e9;
    if (last.state() != RunState.COMPLETED) {
      err.println("owl: run " + runId + " failed: " + last.message());
      return ExitCodes.FAILED;
    }
    out.printf("completed run %s in %.1f s%n", runId, seconds);
    out.println("  video:     " + followed.video(last));
    out.println("  " + last.message());
    // where the time went, as the status polls saw it (owl bench render --demo reads this line)
    out.println("  stages:    " + stages.summary());
    // the render exactly, from Temporal's start and close of the render workflow (the polls above
    // see a stage begin up to a poll interval late); owl bench render --demo reads this line
    followed
        .renderTime()
        .ifPresent(t ->
            out.printf(
                Locale.ROOT,
                "  render:    %.2f s (the render workflow, start to close)%n",
                t.toNanos() / 1e9));
    if (output != null) {
      try {
        out.println("  written:   " + followed.download(last, output));
      } catch (Exception e) {
        out.flush();
        err.println("owl: " + e.getMessage());
        return ExitCodes.FAILED;
      }
    }
    out.flush();
    return ExitCodes.OK;
  }

  /** How often a run followed through {@code owl serve} is polled (a loopback request each). */
  static final Duration SERVE_POLL = Duration.ofMillis(250);

  /**
   * Starts and follows the run through the API of the {@code owl serve} that holds the state
   * folder: its engine is up and warm, so nothing starts here but this JVM.
   */
  private int throughServe(
      ServeClient serve, String topic, RunOptions options, String requestKey, long started)
      throws InterruptedException {
    ServeClient.Started run;
    try {
      run = serve.start(body(topic, options), requestKey);
    } catch (ServeClient.Refused e) {
      err.println("owl: " + e.getMessage());
      return e.badRequest() ? ExitCodes.USAGE : ExitCodes.FAILED;
    }
    out.println(
        (run.created() ? "started run " : "found earlier run ")
            + run.runId()
            + " through "
            + serve.process().describe());
    out.flush();
    return followThroughServe(serve, run.runId(), options.output, started);
  }

  /**
   * Shows the progress of a run the {@code owl serve} holding the state folder hosts, until it
   * ends; writes the MP4 to {@code output} when given.
   */
  int followThroughServe(ServeClient serve, String runId, Path output, long started)
      throws InterruptedException {
    return follow(
        runId,
        output,
        started,
        new Followed() {
          @Override
          public RunStatus await(Consumer<RunStatus> progress)
              throws ServeClient.Refused, InterruptedException {
            return serve.await(runId, SERVE_POLL, progress);
          }

          @Override
          public String video(RunStatus done) {
            return done.outputUrl();
          }

          @Override
          public Path download(RunStatus done, Path target)
              throws ServeClient.Refused, InterruptedException {
            return serve.download(done.outputUrl(), target);
          }

          @Override
          public String stopped() {
            return "owl: stopped following; "
                + serve.process().describe()
                + " goes on with run "
                + runId
                + ": ./owl status "
                + runId;
          }
        });
  }

  /** The body of {@code POST /api/v1/pipelines} for {@code topic} and the command's options. */
  static ObjectNode body(String topic, RunOptions options) {
    ObjectNode body = JsonMapper.shared().createObjectNode();
    body.put("topic", topic);
    body.put("aspect", options.aspect.label());
    body.put("duration", options.durationSeconds);
    body.put("voice", options.voice);
    body.putArray("platforms").addAll(options.platforms.stream().map(body::stringNode).toList());
    body.put("style", options.style);
    body.put("language", options.language);
    body.put(
        "quality",
        options.preview ? PipelineRequest.QUALITY_PREVIEW : PipelineRequest.QUALITY_FULL);
    if (!options.accounts.isEmpty()) {
      body.putArray("accounts").addAll(options.accounts.stream().map(body::stringNode).toList());
    }
    if (options.publishAt != null) {
      body.put("publish_at", options.publishAt);
    }
    if (options.template != null) {
      body.put("template_id", options.template);
    }
    if (options.callbackUrl != null) {
      body.put("callback_url", options.callbackUrl);
    }
    return body;
  }
}
