package io.renderowl.workflows.internal;

import io.renderowl.workflows.AccountPost;
import io.renderowl.workflows.CallbackActivities;
import io.renderowl.workflows.CompletionCallback;
import io.renderowl.workflows.CostItem;
import io.renderowl.workflows.Failures;
import io.renderowl.workflows.FieldError;
import io.renderowl.workflows.Narration;
import io.renderowl.workflows.PipelineProgress;
import io.renderowl.workflows.PipelineRequest;
import io.renderowl.workflows.PipelineRequests;
import io.renderowl.workflows.PipelineResult;
import io.renderowl.workflows.PipelineSearchAttributes;
import io.renderowl.workflows.Publication;
import io.renderowl.workflows.PublishActivities;
import io.renderowl.workflows.PublishJob;
import io.renderowl.workflows.PublishState;
import io.renderowl.workflows.PublishWorkflow;
import io.renderowl.workflows.RenderActivities;
import io.renderowl.workflows.RenderProgress;
import io.renderowl.workflows.RenderRequest;
import io.renderowl.workflows.RenderResult;
import io.renderowl.workflows.RenderWorkflow;
import io.renderowl.workflows.RunLabels;
import io.renderowl.workflows.RunLedgerActivities;
import io.renderowl.workflows.RunState;
import io.renderowl.workflows.Scene;
import io.renderowl.workflows.Script;
import io.renderowl.workflows.ScriptActivities;
import io.renderowl.workflows.Stage;
import io.renderowl.workflows.StepCost;
import io.renderowl.workflows.TaskQueues;
import io.renderowl.workflows.TimelineActivities;
import io.renderowl.workflows.TimelineRef;
import io.renderowl.workflows.VideoPipelineWorkflow;
import io.renderowl.workflows.Visual;
import io.renderowl.workflows.VisualActivities;
import io.renderowl.workflows.VoiceActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.common.RetryOptions;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The pipeline. Each stage is an activity with its own timeouts and retry policy; bad input ({@link
 * IllegalArgumentException} or an {@code InvalidInput} application failure) is not retried and
 * fails the run with its reason.
 */
public class VideoPipelineWorkflowImpl implements VideoPipelineWorkflow {

  /** Failure type of a run that ended because a stage failed. */
  public static final String PIPELINE_FAILED = Failures.PIPELINE_FAILED;

  /** Version marker of the switch from one render activity to the chunked render child workflow. */
  static final String CHUNKED_RENDER_CHANGE = "chunked-render";

  /** Runs from this change on add the video's title to their memo once the script is written. */
  static final String TITLE_MEMO_CHANGE = "title-memo";

  /** Version marker of posting to social accounts through publishing child workflows. */
  static final String SOCIAL_PUBLISH_CHANGE = "social-publish";

  /**
   * Version marker of the switch to credits as a saga: each finished step is charged against the
   * run's reservation. Runs recorded before replay without the charges and pay at completion.
   */
  static final String CREDIT_SAGA_CHANGE = "credit-saga";

  /**
   * Version marker of reporting the run's end to its callback URL; runs recorded before it replay
   * without the delivery.
   */
  static final String COMPLETION_CALLBACK_CHANGE = "run-completion-callback";

  /**
   * Version marker of narrating the scenes beside their visuals: both need only the scenes, so the
   * voice-over no longer waits for the slowest picture. Runs recorded before it replay with the
   * voice after the visuals.
   */
  static final String VOICE_BESIDE_VISUALS_CHANGE = "voice-beside-visuals";

  /** Failure type (activities and workflow) for input that can never succeed. */
  public static final String INVALID_INPUT = Failures.INVALID_INPUT;

  static final String[] DO_NOT_RETRY = {IllegalArgumentException.class.getName(), INVALID_INPUT};

  static RetryOptions retry(int attempts, Duration maxInterval) {
    return RetryOptions.newBuilder()
        .setInitialInterval(Duration.ofSeconds(1))
        .setBackoffCoefficient(2.0)
        .setMaximumInterval(maxInterval)
        .setMaximumAttempts(attempts)
        .setDoNotRetry(DO_NOT_RETRY)
        .build();
  }

  private static ActivityOptions options(Duration startToClose, int attempts) {
    return ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.PIPELINE)
        .setStartToCloseTimeout(startToClose)
        .setRetryOptions(retry(attempts, Duration.ofSeconds(30)))
        .build();
  }

  /**
   * How long a stage activity that can run for minutes (script, visuals, voice, timeline, publish)
   * may go without a heartbeat: a worker killed inside one is noticed after this, not after its
   * start-to-close timeout. The worker heartbeats for them while they run ({@code
   * HeartbeatingActivities}).
   */
  public static final Duration STAGE_HEARTBEAT = Duration.ofSeconds(30);

  /** {@link #options} with {@link #STAGE_HEARTBEAT}: for activities the worker heartbeats for. */
  private static ActivityOptions heartbeating(Duration startToClose, int attempts) {
    return ActivityOptions.newBuilder(options(startToClose, attempts))
        .setHeartbeatTimeout(STAGE_HEARTBEAT)
        .build();
  }

  private final ScriptActivities scripts =
      Workflow.newActivityStub(ScriptActivities.class, heartbeating(Duration.ofMinutes(2), 5));

  private final VisualActivities visuals =
      Workflow.newActivityStub(VisualActivities.class, heartbeating(Duration.ofMinutes(3), 5));

  private final VoiceActivities voices =
      Workflow.newActivityStub(VoiceActivities.class, heartbeating(Duration.ofMinutes(3), 5));

  private final TimelineActivities timelines =
      Workflow.newActivityStub(TimelineActivities.class, heartbeating(Duration.ofMinutes(1), 5));

  private final RenderActivities renderer =
      Workflow.newActivityStub(
          RenderActivities.class,
          ActivityOptions.newBuilder()
              .setTaskQueue(TaskQueues.RENDER_CPU)
              .setStartToCloseTimeout(Duration.ofHours(2))
              .setHeartbeatTimeout(Duration.ofSeconds(60))
              .setRetryOptions(retry(3, Duration.ofMinutes(1)))
              .build());

  private final PublishActivities publisher =
      Workflow.newActivityStub(PublishActivities.class, heartbeating(Duration.ofMinutes(5), 5));

  private final RunLedgerActivities ledger =
      Workflow.newLocalActivityStub(
          RunLedgerActivities.class,
          LocalActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(30))
              .setRetryOptions(retry(10, Duration.ofSeconds(10)))
              .build());

  private final CallbackActivities callbacks =
      Workflow.newActivityStub(
          CallbackActivities.class,
          ActivityOptions.newBuilder(CallbackActivities.OPTIONS)
              .setTaskQueue(TaskQueues.PIPELINE)
              .build());

  private Stage stage = Stage.QUEUED;
  private int percent = 0;
  private String message = RunState.QUEUED.label();
  private boolean permitGranted; // fair concurrency
  private boolean chargeSteps; // credits as a saga

  @Override
  public PipelineResult run(PipelineRequest request) {
    if (!request.hasCallback()) {
      return runStages(request);
    }
    PipelineResult result;
    try {
      result = runStages(request);
    } catch (CanceledFailure e) {
      callBack(request, "cancelled", Failures.CANCELLED);
      throw e;
    } catch (ApplicationFailure e) {
      callBack(request, "failed", e.getOriginalMessage());
      throw e;
    }
    callBack(request, "completed", null);
    return result;
  }

  /**
   * Reports the run's end to its callback URL once its permit is given back: a signed POST, retried
   * with backoff by the delivery activity, in a detached scope so that a cancelled run still
   * reports. A receiver that never takes it is given up on after the activity's attempts; the run's
   * own outcome does not change. The body names the run's status URL.
   */
  private void callBack(PipelineRequest request, String status, String error) {
    if (Workflow.getVersion(COMPLETION_CALLBACK_CHANGE, Workflow.DEFAULT_VERSION, 1)
        == Workflow.DEFAULT_VERSION) {
      return;
    }
    String runId = Workflow.getInfo().getWorkflowId();
    CompletionCallback callback =
        new CompletionCallback(
            runId + ":" + status,
            request.userId(),
            "run",
            runId,
            status,
            "/api/v1/pipelines/" + runId,
            error,
            request.callbackUrl());
    Workflow.newDetachedCancellationScope(
            () -> {
              try {
                callbacks.deliver(callback);
              } catch (ActivityFailure e) {
                Workflow.getLogger(VideoPipelineWorkflowImpl.class)
                    .warn("completion callback of run {} given up: {}", runId, reasonOf(e));
              }
            })
        .run();
  }

  private PipelineResult runStages(PipelineRequest request) {
    String runId = Workflow.getInfo().getWorkflowId();
    List<FieldError> errors = PipelineRequests.validate(request);
    if (!errors.isEmpty()) {
      String reason =
          "invalid request: "
              + errors.stream().map(FieldError::toString).collect(Collectors.joining("; "));
      fail(runId, reason);
      throw ApplicationFailure.newNonRetryableFailure(reason, INVALID_INPUT);
    }
    // Fair concurrency: wait for a run permit, give it back in finally.
    message = "waiting for a run permit (fair concurrency)";
    boolean permit;
    try {
      permit = RunPermits.acquire(runId, request.userId(), () -> permitGranted);
    } catch (CanceledFailure e) {
      if (RunPermits.releasesOnCancel()) {
        cancelled(runId); // recorded, as a run cancelled at any later stage
      }
      throw e;
    }
    chargeSteps =
        Workflow.getVersion(CREDIT_SAGA_CHANGE, Workflow.DEFAULT_VERSION, 1)
            != Workflow.DEFAULT_VERSION;
    boolean preview = request.preview();
    try {
      enter(runId, Stage.SCRIPT, "writing the script on \"" + request.topic().strip() + "\"");
      Script script = scripts.writeScript(runId, request);
      if (Workflow.getVersion(TITLE_MEMO_CHANGE, Workflow.DEFAULT_VERSION, 1) == 1) {
        Workflow.upsertMemo(Map.of(RunLabels.MEMO_TITLE, script.title()));
      }

      enter(runId, Stage.SCENES, "splitting \"" + script.title() + "\" into scenes");
      List<Scene> scenes = scripts.planScenes(runId, script, request);
      charge(runId, new StepCost("script", CostItem.AI_CALL, 2, preview));
      List<Promise<Visual>> visualPromises = new ArrayList<>();
      for (Scene scene : scenes) {
        visualPromises.add(Async.function(visuals::sourceVisual, runId, scene, request.aspect()));
      }
      List<Promise<Narration>> narrationPromises = new ArrayList<>();
      boolean voiceBesideVisuals =
          Workflow.getVersion(VOICE_BESIDE_VISUALS_CHANGE, Workflow.DEFAULT_VERSION, 1)
              != Workflow.DEFAULT_VERSION;
      if (voiceBesideVisuals) {
        narrate(runId, request, scenes, narrationPromises);
      }
      List<Visual> visuals = collect(visualPromises, "visuals for " + scenes.size() + " scenes");
      charge(runId, new StepCost("visuals", CostItem.IMAGE, visuals.size(), preview));

      // A narration that failed is reported here, as the voice stage's failure.
      enter(runId, Stage.VOICE, "speaking " + scenes.size() + " scenes");
      if (!voiceBesideVisuals) {
        narrate(runId, request, scenes, narrationPromises);
      }
      List<Narration> narrations = collect(narrationPromises, "narration");
      double speech = narrations.stream().mapToDouble(Narration::durationSeconds).sum();
      charge(runId, new StepCost("voice", CostItem.SPEECH_SECOND, speech, preview));

      enter(runId, Stage.TIMELINE, "assembling the timeline");
      TimelineRef timeline =
          timelines.assembleTimeline(runId, request, script.title(), scenes, visuals, narrations);

      enter(
          runId,
          Stage.RENDER,
          String.format(
              "rendering %dx%d, %.1f s",
              timeline.width(), timeline.height(), timeline.durationSeconds()));
      RenderResult render = render(runId, request, timeline);
      charge(runId, new StepCost("render", CostItem.RENDER, render.durationSeconds(), preview));

      enter(runId, Stage.PUBLISH, "publishing to " + destinations(request));
      List<Publication> publications = new ArrayList<>();
      if (!request.platforms().isEmpty()) {
        publications.addAll(publisher.publish(runId, request, script.title(), render));
      }
      if (!request.accounts().isEmpty()) {
        publications.addAll(postToAccounts(runId, request, script, render));
      }
      charge(runId, new StepCost("publish", CostItem.PUBLISH, publications.size(), preview));

      PipelineResult result =
          new PipelineResult(runId, script.title(), timeline.timelineId(), render, publications);
      ledger.runCompleted(runId, result);
      stage = Stage.COMPLETED;
      percent = 100;
      message = "published to " + publications.size() + " platform(s)";
      upsertStage();
      return result;
    } catch (ActivityFailure | ChildWorkflowFailure e) {
      if (e.getCause() instanceof CanceledFailure cancelled) {
        cancelled(runId);
        throw cancelled;
      }
      String reason = stage.label() + " failed: " + reasonOf(e);
      fail(runId, reason);
      throw ApplicationFailure.newNonRetryableFailureWithCause(reason, PIPELINE_FAILED, e);
    } catch (CanceledFailure e) {
      cancelled(runId);
      throw e;
    } finally {
      RunPermits.release(permit, runId); // fair concurrency
    }
  }

  /** Schedules one narration per scene into {@code narrations}. */
  private void narrate(
      String runId,
      PipelineRequest request,
      List<Scene> scenes,
      List<Promise<Narration>> narrations) {
    for (Scene scene : scenes) {
      narrations.add(Async.function(voices::narrate, runId, scene, request.voice()));
    }
  }

  /**
   * Runs before this change rendered in one activity; they replay that way. Newer runs render in a
   * {@link RenderWorkflow} child, in chunks across the render workers.
   */
  private RenderResult render(String runId, PipelineRequest request, TimelineRef timeline) {
    int version = Workflow.getVersion(CHUNKED_RENDER_CHANGE, Workflow.DEFAULT_VERSION, 1);
    if (version == Workflow.DEFAULT_VERSION) {
      return renderer.render(runId, request.userId(), timeline.timelineId());
    }
    RenderWorkflow child =
        Workflow.newChildWorkflowStub(RenderWorkflow.class, childOptions(runId, timeline));
    return child.render(
        RenderRequest.forPipeline(
            runId, request.userId(), timeline.timelineId(), request.preview()));
  }

  /**
   * The render child: its summary names the run, and where the run carries search attributes the
   * child carries the same user, channel, batch and platforms with the stage {@code render}.
   */
  private static ChildWorkflowOptions childOptions(String runId, TimelineRef timeline) {
    ChildWorkflowOptions.Builder options =
        ChildWorkflowOptions.newBuilder()
            .setWorkflowId(runId + "-render")
            .setTaskQueue(TaskQueues.PIPELINE)
            .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL)
            .setStaticSummary(RunLabels.renderSummary(runId, timeline.timelineId()));
    SearchAttributes inherited = Workflow.getTypedSearchAttributes();
    if (inherited.containsKey(PipelineSearchAttributes.USER)) {
      options.setTypedSearchAttributes(
          SearchAttributes.newBuilder(inherited)
              .set(PipelineSearchAttributes.STAGE, Stage.RENDER.label())
              .build());
    }
    return options.build();
  }

  private static String destinations(PipelineRequest request) {
    List<String> names = new ArrayList<>(request.platforms());
    if (!request.accounts().isEmpty()) {
      names.add(request.accounts().size() + " account(s)");
    }
    return String.join(", ", names);
  }

  /**
   * One {@link PublishWorkflow} child per account: each succeeds or fails on its own and one
   * platform's failure never blocks the others. A scheduled post's child is left waiting for its
   * time (it outlives the run); the run records it as scheduled.
   */
  private List<Publication> postToAccounts(
      String runId, PipelineRequest request, Script script, RenderResult render) {
    Workflow.getVersion(SOCIAL_PUBLISH_CHANGE, Workflow.DEFAULT_VERSION, 1);
    String title = script.title();
    Map<String, String> values =
        Map.of(
            "title", title,
            "topic", request.topic().strip(),
            "script", String.join(" ", script.sentences()));
    Instant renderedAt = Instant.ofEpochMilli(Workflow.currentTimeMillis());
    List<Promise<Publication>> posts = new ArrayList<>();
    List<PublishJob> jobs = new ArrayList<>();
    for (String account : request.accounts()) {
      // An account's own settings (an autopilot channel's) or the plain defaults: public, not
      // made for kids, no tags, posted now or at the request's time.
      AccountPost settings = request.postOn(account);
      String publishAt =
          request.publishAt().isEmpty() ? settings.publishAt(renderedAt) : request.publishAt();
      boolean scheduled = !publishAt.isEmpty();
      PublishJob job =
          new PublishJob(
              runId,
              request.userId(),
              render.renderId(),
              render.storageKey(),
              AccountPost.expand(settings.titleTemplate(), values, title),
              AccountPost.expand(
                  settings.descriptionTemplate(), values, title + "\n\n" + request.topic().strip()),
              settings.tags(),
              account,
              "",
              settings.privacy(),
              settings.madeForKids(),
              publishAt,
              settings.category());
      PublishWorkflow child =
          Workflow.newChildWorkflowStub(
              PublishWorkflow.class,
              ChildWorkflowOptions.newBuilder()
                  .setWorkflowId(job.workflowId())
                  .setTaskQueue(TaskQueues.PIPELINE)
                  .setParentClosePolicy(
                      scheduled
                          ? ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON
                          : ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL)
                  .build());
      posts.add(Async.function(child::publish, job));
      if (scheduled) {
        Workflow.getWorkflowExecution(child).get(); // started: it outlives this run
      }
      jobs.add(job);
    }
    List<Publication> result = new ArrayList<>();
    for (int i = 0; i < posts.size(); i++) {
      PublishJob job = jobs.get(i);
      if (!job.publishAt().isEmpty()) {
        result.add(
            new Publication(
                "account:" + job.accountId(),
                job.workflowId(),
                "",
                PublishState.SCHEDULED.label(),
                "posts at " + job.publishAt()));
        continue;
      }
      try {
        result.add(posts.get(i).get());
      } catch (ChildWorkflowFailure e) {
        result.add(
            new Publication(
                "account:" + job.accountId(), "", "", PublishState.FAILED.label(), reasonOf(e)));
      }
    }
    return result;
  }

  /** Charges a finished step against the run's reservation (credit saga runs only). */
  private void charge(String runId, StepCost cost) {
    if (chargeSteps) {
      ledger.chargeStep(runId, cost);
    }
  }

  @Override
  public void renderProgress(RenderProgress progress) {
    if (stage == Stage.RENDER) {
      percent = Math.max(percent, stage.percentAt(progress.fraction()));
      message =
          String.format(
              "rendering: %d of %d frames in finished chunks",
              progress.framesDone(), progress.totalFrames());
    }
  }

  /**
   * A cancelled run is recorded as failed ({@link Failures#CANCELLED}) before the workflow ends.
   */
  private void cancelled(String runId) {
    Workflow.newDetachedCancellationScope(() -> fail(runId, stage.label() + " cancelled")).run();
  }

  @Override
  public void permitGranted() {
    permitGranted = true;
  }

  @Override
  public PipelineProgress progress() {
    return new PipelineProgress(stage, percent, message);
  }

  private <T> List<T> collect(List<Promise<T>> promises, String what) {
    List<T> results = new ArrayList<>();
    int done = 0;
    for (Promise<T> p : promises) {
      results.add(p.get());
      done++;
      percent = stage.percentAt((double) done / promises.size());
      message = what + ": " + done + "/" + promises.size();
    }
    return results;
  }

  private void enter(String runId, Stage next, String text) {
    stage = next;
    percent = next.startPercent();
    message = text;
    upsertStage();
    ledger.stageStarted(runId, next, text);
  }

  private void fail(String runId, String reason) {
    Stage failedAt = stage;
    stage = Stage.FAILED;
    message = reason;
    upsertStage();
    ledger.runFailed(runId, failedAt, reason);
  }

  private void upsertStage() {
    if (Workflow.getTypedSearchAttributes().containsKey(PipelineSearchAttributes.STAGE)) {
      Workflow.upsertTypedSearchAttributes(PipelineSearchAttributes.STAGE.valueSet(stage.label()));
    }
  }

  /** The innermost useful message of a failure chain, with the failure type where there is one. */
  static String reasonOf(TemporalFailure failure) {
    Throwable t = failure;
    String reason = failure.getOriginalMessage();
    while (t != null) {
      if (t instanceof ApplicationFailure af) {
        reason = af.getOriginalMessage();
        if (af.getType() != null
            && !af.getType().isBlank()
            && !af.getType().equals(INVALID_INPUT)) {
          String simple = af.getType().substring(af.getType().lastIndexOf('.') + 1);
          reason = reason + " (" + simple + ")";
        }
      } else if (t instanceof TimeoutFailure tf) {
        reason = "timed out (" + tf.getTimeoutType() + ")";
      } else if (t instanceof CanceledFailure) {
        reason = Failures.CANCELLED;
      }
      t = t.getCause();
    }
    return reason;
  }
}
