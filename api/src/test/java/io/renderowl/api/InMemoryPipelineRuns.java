package io.renderowl.api;

import io.renderowl.infra.pipeline.InvalidRequestException;
import io.renderowl.infra.pipeline.PipelineRuns;
import io.renderowl.infra.pipeline.RunStatus;
import io.renderowl.infra.pipeline.StartedRun;
import io.renderowl.workflows.FieldError;
import io.renderowl.workflows.PipelineRequest;
import io.renderowl.workflows.PipelineRequests;
import io.renderowl.workflows.RunState;
import io.renderowl.workflows.Stage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.awaitility.Awaitility;

/**
 * Pipeline runs kept in a map. Runs start queued and move on only when a test says so; like the
 * real implementation it validates requests, derives run ids from them and rejects platforms it
 * does not publish to.
 */
final class InMemoryPipelineRuns implements PipelineRuns {

  private final Set<String> platforms;
  private final Map<String, RunStatus> runs = new ConcurrentHashMap<>();
  private final AtomicReference<RuntimeException> nextFailure = new AtomicReference<>();

  InMemoryPipelineRuns(Set<String> platforms) {
    this.platforms = Set.copyOf(platforms);
  }

  @Override
  public StartedRun start(PipelineRequest request) {
    failIfAsked();
    List<FieldError> errors = new ArrayList<>(PipelineRequests.validate(request));
    request.platforms().stream()
        .filter(p -> !platforms.contains(p))
        .forEach(p ->
            errors.add(
                new FieldError(
                    "platforms", "'" + p + "' is not available (available: local-folder)")));
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    String runId = PipelineRequests.runId(request);
    Instant now = Instant.now();
    RunStatus queued =
        new RunStatus(
            runId,
            request.userId(),
            request.topic(),
            RunState.QUEUED,
            Stage.QUEUED,
            0,
            "waiting for a worker",
            null,
            null,
            now,
            now);
    return new StartedRun(runId, runs.putIfAbsent(runId, queued) == null);
  }

  @Override
  public Optional<RunStatus> status(String userId, String runId) {
    return status(runId).filter(run -> run.userId().equals(userId));
  }

  @Override
  public Optional<RunStatus> status(String runId) {
    failIfAsked();
    return Optional.ofNullable(runs.get(runId));
  }

  @Override
  public boolean reconcile(String runId) {
    return false; // nothing runs outside this map
  }

  @Override
  public java.util.List<String> reconcileUnfinished() {
    return java.util.List.of();
  }

  @Override
  public RunStatus await(String runId, Duration pollEvery, Consumer<RunStatus> onProgress) {
    // Runs here only move when a test moves them: a minute is plenty, and a forgotten one fails.
    return Awaitility.await()
        .atMost(Duration.ofMinutes(1))
        .pollInSameThread()
        .pollDelay(Duration.ZERO)
        .pollInterval(pollEvery)
        .until(
            () -> {
              RunStatus run = status(runId).orElseThrow();
              onProgress.accept(run);
              return run;
            },
            RunStatus::finished);
  }

  /** Moves a running run to {@code stage} at {@code percent}, as a worker would report it. */
  void advance(String runId, Stage stage, int percent, String message) {
    runs.computeIfPresent(
        runId,
        (id, r) ->
            new RunStatus(
                id,
                r.userId(),
                r.topic(),
                RunState.RUNNING,
                stage,
                percent,
                message,
                null,
                null,
                r.createdAt(),
                Instant.now()));
  }

  /** Completes the run with its video at {@code outputKey}, shared as {@code outputUrl}. */
  void complete(String runId, String outputKey, String outputUrl) {
    runs.computeIfPresent(
        runId,
        (id, r) ->
            new RunStatus(
                id,
                r.userId(),
                r.topic(),
                RunState.COMPLETED,
                Stage.COMPLETED,
                100,
                "published",
                outputKey,
                outputUrl,
                r.createdAt(),
                Instant.now()));
  }

  /** Makes the next call fail with {@code failure}, as a broken database or Temporal would. */
  void failNextCallWith(RuntimeException failure) {
    nextFailure.set(failure);
  }

  private void failIfAsked() {
    RuntimeException failure = nextFailure.getAndSet(null);
    if (failure != null) {
      throw failure;
    }
  }
}
