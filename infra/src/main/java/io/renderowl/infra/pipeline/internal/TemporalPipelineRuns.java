package io.renderowl.infra.pipeline.internal;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.renderowl.infra.credits.PriceList;
import io.renderowl.infra.json.Json;
import io.renderowl.infra.metrics.RenderowlMeters;
import io.renderowl.infra.net.CallbackUrls;
import io.renderowl.infra.net.OutboundUrls;
import io.renderowl.infra.persistence.CreditRepository;
import io.renderowl.infra.persistence.PipelineRunRepository;
import io.renderowl.infra.persistence.PipelineRunRow;
import io.renderowl.infra.persistence.ReserveOutcome;
import io.renderowl.infra.pipeline.InsufficientCreditsException;
import io.renderowl.infra.pipeline.InvalidRequestException;
import io.renderowl.infra.pipeline.PipelineRuns;
import io.renderowl.infra.pipeline.RunStatus;
import io.renderowl.infra.pipeline.StartedRun;
import io.renderowl.infra.progress.LiveProgress;
import io.renderowl.infra.storage.ObjectStore;
import io.renderowl.infra.temporal.TemporalConnection;
import io.renderowl.infra.temporal.WorkflowQueries;
import io.renderowl.infra.temporal.WorkflowTasks;
import io.renderowl.workflows.Failures;
import io.renderowl.workflows.FieldError;
import io.renderowl.workflows.PipelineProgress;
import io.renderowl.workflows.PipelineRequest;
import io.renderowl.workflows.PipelineRequests;
import io.renderowl.workflows.PipelineSearchAttributes;
import io.renderowl.workflows.RunLabels;
import io.renderowl.workflows.RunPermitsWorkflow;
import io.renderowl.workflows.RunState;
import io.renderowl.workflows.Stage;
import io.renderowl.workflows.TaskQueues;
import io.renderowl.workflows.VideoPipelineWorkflow;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Pipeline runs on Temporal, with their ledger in pipeline_runs. The run id is derived from the
 * request ({@link PipelineRequests#runId}); the ledger row is written before the workflow starts,
 * and both refuse duplicates, so a request submitted twice is one run.
 */
public final class TemporalPipelineRuns implements PipelineRuns {
  private static final Duration OUTPUT_URL_TTL = Duration.ofHours(6);

  private static final Duration QUERY_BOUND = Duration.ofSeconds(3);
  private final WorkflowQueries<PipelineProgress> queries = new WorkflowQueries<>();
  private final TemporalConnection temporal;
  private final PipelineRunRepository runs;
  private final ObjectStore store;
  private final LiveProgress live;
  private final List<String> publishers;
  private final RunPermitGate.Caps permits;
  private final @Nullable CreditRepository credits;
  private final PriceList prices;
  private final @Nullable OutboundUrls callbackGuard;

  /**
   * Runs without credits: every run is free (tests of the run ledger alone).
   *
   * @param publishers the platforms runs may publish to (RENDEROWL_PUBLISHERS); a request naming
   *     another is refused before anything starts
   */
  public TemporalPipelineRuns(
      TemporalConnection temporal,
      PipelineRunRepository runs,
      ObjectStore store,
      LiveProgress live,
      List<String> publishers) {
    this(
        temporal,
        runs,
        store,
        live,
        publishers,
        RunPermitGate.Caps.NONE,
        null,
        PriceList.defaults());
  }

  /**
   * @param permits the caps under which runs take a permit from the fair-concurrency gate ({@link
   *     RunPermitGate}); none: no permit
   * @param credits where each run's estimated cost is reserved, in the transaction that records the
   *     run; null for free runs
   * @param prices what runs cost
   */
  public TemporalPipelineRuns(
      TemporalConnection temporal,
      PipelineRunRepository runs,
      ObjectStore store,
      LiveProgress live,
      List<String> publishers,
      RunPermitGate.Caps permits,
      @Nullable CreditRepository credits,
      PriceList prices) {
    this(temporal, runs, store, live, publishers, permits, credits, prices, null);
  }

  /**
   * @param callbackGuard where completion callback URLs may point, checked when the run is asked
   *     for (null: syntax only; the delivery checks again before each attempt)
   */
  public TemporalPipelineRuns(
      TemporalConnection temporal,
      PipelineRunRepository runs,
      ObjectStore store,
      LiveProgress live,
      List<String> publishers,
      RunPermitGate.Caps permits,
      @Nullable CreditRepository credits,
      PriceList prices,
      @Nullable OutboundUrls callbackGuard) {
    this.callbackGuard = callbackGuard;
    this.permits = permits;
    this.publishers = List.copyOf(publishers);
    this.temporal = temporal;
    this.runs = runs;
    this.store = store;
    this.live = live;
    this.credits = credits;
    this.prices = prices;
  }

  @Override
  public StartedRun start(PipelineRequest request) {
    List<FieldError> errors = new java.util.ArrayList<>(PipelineRequests.validate(request));
    request.platforms().stream()
        .filter(p -> p != null && !publishers.contains(p))
        .forEach(p ->
            errors.add(
                new FieldError(
                    "platforms",
                    "'"
                        + p
                        + "' is not available (available: "
                        + String.join(", ", publishers)
                        + ")")));
    // refused here, before anything starts or connects: loopback, private, link-local, metadata
    String callbackProblem = CallbackUrls.problem(request.callbackUrl(), callbackGuard);
    if (callbackProblem != null) {
      errors.add(new FieldError("callback_url", callbackProblem));
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    String runId = PipelineRequests.runId(request);
    boolean inserted = recordAndReserve(runId, request);
    if (inserted && request.hasCallback()) {
      runs.setCallbackUrl(runId, request.callbackUrl());
    }
    if (!inserted) {
      PipelineRunRow row = runs.find(runId).orElseThrow();
      boolean lost = !row.finished() && workflowStatus(runId).isEmpty();
      if (!lost) {
        if (permits.enabled() && !row.finished() && Stage.QUEUED.label().equals(row.stage())) {
          // Its starter may have died between starting it and asking the gate (the run would
          // wait ASK_AGAIN_AFTER before asking itself); a repeated ask keeps its place in line.
          RunPermitGate.request(temporal, permits, runId, request.userId());
        }
        return new StartedRun(runId, false);
      }
      // The ledger has it but Temporal does not (the in-process test server forgets runs on
      // restart): start it again; every activity is idempotent per run.
    }
    WorkflowOptions.Builder options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(runId)
            .setTaskQueue(TaskQueues.PIPELINE)
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE);
    Map<String, Object> memo = new java.util.LinkedHashMap<>(RunLabels.memo(request));
    if (permits.enabled()) {
      memo.put(RunPermitsWorkflow.PERMIT_MEMO, true); // fair concurrency
    }
    options.setMemo(memo).setStaticSummary(RunLabels.summary(request));
    if (temporal.searchAttributes()) {
      options.setTypedSearchAttributes(PipelineSearchAttributes.forRun(request));
    }
    VideoPipelineWorkflow workflow =
        temporal.client().newWorkflowStub(VideoPipelineWorkflow.class, options.build());
    try {
      WorkflowClient.start(workflow::run, request);
      if (permits.enabled()) {
        RunPermitGate.request(temporal, permits, runId, request.userId()); // fair concurrency
      }
      RenderowlMeters.global().runStarted(RunLabels.origin(request.requestKey()));
      return new StartedRun(runId, inserted);
    } catch (WorkflowExecutionAlreadyStarted e) {
      return new StartedRun(runId, false);
    }
  }

  /**
   * Records the run and reserves its estimated cost in one transaction: refused (nothing recorded)
   * when the user's available credits do not cover the estimate.
   *
   * @return whether the run was recorded now (false: the same request was recorded before)
   * @throws InsufficientCreditsException when the credits do not cover the estimate
   */
  private boolean recordAndReserve(String runId, PipelineRequest request) {
    UUID userId = UUID.fromString(request.userId());
    String requestJson = Json.MAPPER.writeValueAsString(request);
    if (credits == null) {
      return runs.insertIfAbsent(runId, userId, request.topic().strip(), requestJson);
    }
    int estimate = prices.estimate(request);
    return credits.inNewTransaction(() -> {
      if (!runs.insertIfAbsent(runId, userId, request.topic().strip(), requestJson)) {
        return false;
      }
      ReserveOutcome outcome =
          credits.reserve(
              userId, runId, estimate, "video \"" + request.topic().strip() + "\" (" + runId + ")");
      if (!outcome.reserved()) {
        // Rolls back the run's row: a refused run leaves nothing behind.
        throw new InsufficientCreditsException(outcome.required(), outcome.available());
      }
      return true;
    });
  }

  @Override
  public Optional<RunStatus> status(String userId, String runId) {
    UUID user;
    try {
      user = UUID.fromString(userId);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return runs.findForUser(user, runId).map(this::statusOf);
  }

  @Override
  public Optional<RunStatus> status(String runId) {
    return runs.find(runId).map(this::statusOf);
  }

  @Override
  public void takeOver(String runId) {
    WorkflowTasks.forgetStickyWorker(temporal.client(), runId);
  }

  @Override
  public boolean cancel(String runId) {
    Optional<RunStatus> status = status(runId);
    if (status.isEmpty() || status.get().finished()) {
      return false;
    }
    try {
      temporal.client().newUntypedWorkflowStub(runId).cancel();
      return true;
    } catch (io.temporal.client.WorkflowNotFoundException gone) {
      reconcile(runId);
      return false;
    }
  }

  @Override
  public RunStatus await(String runId, Duration pollEvery, Consumer<RunStatus> onProgress)
      throws InterruptedException {
    Instant unreachableSince = null;
    CompletableFuture<?> ended = endOf(runId);
    while (true) {
      RunStatus status;
      try {
        reconcile(runId);
        status = status(runId).orElseThrow(() -> new IllegalArgumentException("no run " + runId));
      } catch (RuntimeException e) {
        // Temporal or PostgreSQL restarting: the run goes on without us; ask again
        if (!isUnreachable(e)) {
          throw e;
        }
        if (unreachableSince == null) {
          unreachableSince = Instant.now();
          org.slf4j.LoggerFactory.getLogger(TemporalPipelineRuns.class)
              .warn("run {}: cannot ask about it ({}); asking again", runId, e.toString());
        }
        Thread.sleep(Math.max(pollEvery.toMillis(), 500));
        continue;
      }
      if (unreachableSince != null) {
        org.slf4j.LoggerFactory.getLogger(TemporalPipelineRuns.class)
            .info(
                "run {}: reachable again after {} ms",
                runId,
                Duration.between(unreachableSince, Instant.now()).toMillis());
        unreachableSince = null;
      }
      if (status.finished()) {
        onProgress.accept(status);
        return status;
      }
      onProgress.accept(withQueriedProgress(status, ended));
      if (ended != null && !ended.isDone()) {
        // The next poll comes when the workflow closes, not up to a poll interval later.
        try {
          ended.get(pollEvery.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException
            | java.util.concurrent.ExecutionException
            | java.util.concurrent.CancellationException e) {
          // still running, or closed: the next status says which
        }
      } else {
        Thread.sleep(pollEvery.toMillis());
      }
    }
  }

  /**
   * Completes when the run's workflow closes, however it ended (a long poll on the server); null
   * when that cannot be asked now (the status polls alone then tell).
   */
  private @Nullable CompletableFuture<?> endOf(String runId) {
    try {
      return temporal.client().newUntypedWorkflowStub(runId).getResultAsync(Object.class);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * A failure of the connection, not an answer: Temporal unavailable or past its deadline (a server
   * restarting), or PostgreSQL refusing connections for a while.
   */
  static boolean isUnreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException s
          && (s.getStatus().getCode() == Status.Code.UNAVAILABLE
              || s.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED)) {
        return true;
      }
      if (t instanceof org.springframework.dao.DataAccessResourceFailureException
          || t instanceof org.springframework.dao.TransientDataAccessException
          || t instanceof java.sql.SQLTransientConnectionException
          || t instanceof java.net.ConnectException) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean reconcile(String runId) {
    Optional<PipelineRunRow> found = runs.find(runId);
    if (found.isEmpty() || found.get().finished()) {
      return false;
    }
    PipelineRunRow row = found.get();
    Optional<WorkflowExecutionStatus> wf = workflowStatus(runId);
    if (wf.isEmpty()) {
      releaseCredits(runId);
      runs.markFailed(
          runId,
          row.stage(),
          "Temporal has no workflow "
              + runId
              + " (the in-process test server keeps nothing across restarts); submit the request"
              + " again to restart it");
      return true;
    }
    if (isClosedWithoutLedger(wf.get())) {
      releaseCredits(runId);
      runs.markFailed(runId, row.stage(), "workflow ended as " + describe(wf.get()));
      return true;
    }
    // A failed workflow records its failure (the ledger's runFailed) before it fails. Its row still
    // unfinished now means that record could not be written: PostgreSQL was away for longer than
    // the ledger's retries. Recorded here instead, or the run would read as running for good.
    if (wf.get() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED
        && runs.find(runId).filter(r -> !r.finished()).isPresent()) {
      releaseCredits(runId);
      runs.markFailed(
          runId, row.stage(), "workflow failed without recording it: " + failureOf(runId));
      return true;
    }
    return false;
  }

  /** The failure a closed workflow ended with, its causes joined (as far as the history says). */
  private String failureOf(String runId) {
    try {
      var last = temporal.client().fetchHistory(runId).getLastEvent();
      if (!last.hasWorkflowExecutionFailedEventAttributes()) {
        return "(no failure in its history)";
      }
      List<String> messages = new ArrayList<>();
      for (var f = last.getWorkflowExecutionFailedEventAttributes().getFailure();
          f != null && messages.size() < 4;
          f = f.hasCause() ? f.getCause() : null) {
        messages.add(f.getMessage());
      }
      String joined = String.join(": ", messages);
      return joined.length() > 500 ? joined.substring(0, 500) + "..." : joined;
    } catch (RuntimeException e) {
      return "(its history could not be read: " + e.getMessage() + ")";
    }
  }

  /** A run the workflow could not finish itself: refund its steps and release the rest. */
  private void releaseCredits(String runId) {
    if (credits != null) {
      credits.refundAndRelease(runId, "run " + runId + " ended without finishing");
    }
  }

  @Override
  public List<String> releaseOrphanedPermits() {
    if (!permits.enabled()) {
      return List.of();
    }
    List<String> released = RunPermitGate.releaseGone(temporal, this::stillRunning);
    released.forEach(runId ->
        org.slf4j.LoggerFactory.getLogger(TemporalPipelineRuns.class)
            .info("permit of run {} given back: its workflow is not running", runId));
    return released;
  }

  @Override
  public List<String> reconcileUnfinished() {
    List<String> failed = new java.util.ArrayList<>();
    for (String runId : runs.unfinishedRunIds()) {
      if (reconcile(runId)) {
        failed.add(runId);
      }
    }
    return failed;
  }

  /** The ledger row plus live progress; reads only. */
  private RunStatus statusOf(PipelineRunRow row) {
    Stage stage = Stage.valueOf(row.stage().toUpperCase(Locale.ROOT));
    int percent =
        switch (row.status()) {
          case COMPLETED -> 100;
          case RUNNING ->
              live.read(row.runId())
                  .filter(e -> e.stage() == stage)
                  .map(e -> stage.percentAt(e.fraction()))
                  .orElse(stage.startPercent());
          default -> stage.startPercent();
        };
    String message =
        row.status() == RunState.FAILED && row.errorMessage() != null
            ? row.errorMessage()
            : row.message();
    if (row.status() == RunState.RUNNING) {
      message =
          live.read(row.runId())
              .filter(e -> e.stage() == stage)
              .map(LiveProgress.Entry::message)
              .orElse(message);
    }
    String outputKey = row.status() == RunState.COMPLETED ? row.outputKey() : null;
    return new RunStatus(
        row.runId(),
        row.userId().toString(),
        row.topic(),
        row.status(),
        stage,
        percent,
        message,
        outputKey,
        outputKey == null ? null : store.presignedGetUrl(outputKey, OUTPUT_URL_TTL),
        row.createdAt(),
        row.updatedAt());
  }

  /**
   * Asks the workflow itself (progress query) where it is; a query needs a worker, so it is bounded
   * and the ledger's answer stands when none replies ({@link WorkflowQueries}: off the common pool,
   * one in flight per run); the wait ends too when the run's workflow closes ({@code ended}).
   */
  private RunStatus withQueriedProgress(RunStatus status, @Nullable CompletableFuture<?> ended) {
    Optional<PipelineProgress> asked =
        queries.ask(
            status.runId(),
            () ->
                temporal
                    .client()
                    .newWorkflowStub(VideoPipelineWorkflow.class, status.runId())
                    .progress(),
            QUERY_BOUND,
            ended);
    if (asked.isEmpty()) {
      return status;
    }
    PipelineProgress p = asked.get();
    int percent = p.percent();
    String message = p.message();
    Optional<LiveProgress.Entry> fine =
        live.read(status.runId()).filter(e -> e.stage() == p.stage());
    if (fine.isPresent()) {
      percent = Math.max(percent, p.stage().percentAt(fine.get().fraction()));
      message = fine.get().message();
    }
    return new RunStatus(
        status.runId(),
        status.userId(),
        status.topic(),
        status.state(),
        p.stage(),
        percent,
        message,
        status.outputKey(),
        status.outputUrl(),
        status.createdAt(),
        Instant.now());
  }

  /** Running, or unknown (Temporal did not answer: keep its permit, look again next time). */
  private boolean stillRunning(String runId) {
    try {
      return workflowStatus(runId)
          .map(s -> s == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING)
          .orElse(false);
    } catch (RuntimeException unknown) {
      return true;
    }
  }

  @Override
  public Optional<Duration> renderTime(String runId) {
    try {
      var info =
          WorkflowTasks.describe(temporal.client(), runId + "-render", Duration.ofSeconds(5))
              .getWorkflowExecutionInfo();
      if (!info.hasStartTime() || !info.hasCloseTime()) {
        return Optional.empty();
      }
      return Optional.of(
          Duration.between(
              Instant.ofEpochSecond(
                  info.getStartTime().getSeconds(), info.getStartTime().getNanos()),
              Instant.ofEpochSecond(
                  info.getCloseTime().getSeconds(), info.getCloseTime().getNanos())));
    } catch (StatusRuntimeException e) {
      return Optional.empty(); // no render child (failed before it), or Temporal not answering
    }
  }

  private Optional<WorkflowExecutionStatus> workflowStatus(String runId) {
    try {
      return Optional.of(
          WorkflowTasks.describe(temporal.client(), runId, Duration.ofSeconds(5))
              .getWorkflowExecutionInfo()
              .getStatus());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Closed in a way the workflow could not record itself (terminated, timed out, cancelled...). */
  private static boolean isClosedWithoutLedger(WorkflowExecutionStatus s) {
    return s != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING
        && s != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED
        && s != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED
        && s != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW;
  }

  private static String describe(WorkflowExecutionStatus s) {
    return Map.of(
            WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED, "terminated",
            WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT, "timed out",
            WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED, Failures.CANCELLED)
        .getOrDefault(s, s.name());
  }
}
