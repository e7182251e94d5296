package io.renderowl.infra.pipeline.internal;

import io.renderowl.infra.temporal.TemporalConnection;
import io.renderowl.infra.temporal.WorkflowTasks;
import io.renderowl.workflows.RunPermitsState;
import io.renderowl.workflows.RunPermitsWorkflow;
import io.renderowl.workflows.TaskQueues;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Starts the fair-concurrency gate ({@link RunPermitsWorkflow}) when caps are set, or gives an
 * already running gate the current caps. RENDEROWL_MAX_RUNS and RENDEROWL_MAX_RUNS_PER_USER.
 */
public final class RunPermitGate {
  private RunPermitGate() {}

  /** The caps runs take permits under (RENDEROWL_MAX_RUNS and RENDEROWL_MAX_RUNS_PER_USER). */
  public record Caps(int maxRuns, int maxRunsPerUser) {
    /** No cap: runs take no permit. */
    public static final Caps NONE = new Caps(0, 0);

    /** Whether runs take permits: some cap is set. */
    public boolean enabled() {
      return RunPermitGate.enabled(maxRuns, maxRunsPerUser);
    }
  }

  /**
   * Asks the gate for a permit for a run just started (the run waits for it; it asks itself when
   * this is lost), starting the gate with {@code caps} when it does not run (signal-with-start): a
   * process starts, or reconfigures, the gate once its own workers poll, and a run started before
   * that (a request as the API comes up, a channel due at the scheduler's start) would otherwise
   * wait for its own ask, minutes later. Failures are left to that fallback.
   */
  public static void request(TemporalConnection temporal, Caps caps, String runId, String userId) {
    try {
      WorkflowClient client = temporal.client();
      RunPermitsWorkflow gate = client.newWorkflowStub(RunPermitsWorkflow.class, startOptions());
      io.temporal.client.BatchRequest ask = client.newSignalWithStartRequest();
      ask.add(gate::run, RunPermitsState.initial(caps.maxRuns(), caps.maxRunsPerUser()));
      ask.add(gate::acquire, runId, userId);
      client.signalWithStart(ask);
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(RunPermitGate.class)
          .warn(
              "could not ask the permit gate for run {} ({}); the run will ask itself",
              runId,
              e.getMessage());
    }
  }

  /**
   * Releases the permits held, and the places in line, of runs for which {@code running} is false
   * (terminated or lost: such a run never signals its own release). Nothing happens when no gate
   * runs or it does not answer.
   *
   * @return the run ids released
   */
  public static List<String> releaseGone(TemporalConnection temporal, Predicate<String> running) {
    RunPermitsWorkflow gate =
        temporal.client().newWorkflowStub(RunPermitsWorkflow.class, RunPermitsWorkflow.ID);
    RunPermitsState state;
    try {
      state = gate.state();
    } catch (RuntimeException noGate) {
      return List.of();
    }
    List<String> candidates = new ArrayList<>(state.holding().keySet());
    state.waiting().values().forEach(candidates::addAll);
    List<String> released = new ArrayList<>();
    for (String runId : candidates) {
      if (!running.test(runId)) {
        gate.release(runId);
        released.add(runId);
      }
    }
    return released;
  }

  /**
   * Sends the gate's next workflow task to its task queue rather than to the sticky queue of the
   * process that ran it last. Every owl command signals the gate as it starts; when that process
   * has exited and the Temporal server restarted since (the embedded dev server starts with every
   * owl command), the server no longer knows the sticky queue is gone and held the task up to its 5
   * s schedule-to-start timeout (0.4-6.6 s measured at the start of owl commands, which a run's
   * permit waited for). A process that starts has no copy of the gate cached, so nothing is lost; a
   * live worker that had one replays the gate's history once. Best effort: no gate, no change.
   */
  static void forgetStickyWorker(TemporalConnection temporal) {
    WorkflowTasks.resetStickyTaskQueue(temporal.client(), RunPermitsWorkflow.ID); // no children
  }

  private static WorkflowOptions startOptions() {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(RunPermitsWorkflow.ID)
        .setTaskQueue(TaskQueues.PIPELINE)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .build();
  }

  /** Whether runs take permits: some cap is set. */
  public static boolean enabled(int maxRuns, int maxRunsPerUser) {
    return maxRuns > 0 || maxRunsPerUser > 0;
  }

  /**
   * Starts the gate, or reconfigures the one that runs; with no cap a running gate lets all go.
   * With caps it is one signal-with-start (the gate's start with the caps, and the caps as a
   * signal, which a gate that runs takes): every command's start asked the server three times
   * before (a start refused because the gate runs, then the signal, after a look for children the
   * gate never has), about 45 ms of a one-shot command's start on two cores.
   */
  public static void ensure(TemporalConnection temporal, int maxRuns, int maxRunsPerUser) {
    forgetStickyWorker(temporal);
    WorkflowClient client = temporal.client();
    if (enabled(maxRuns, maxRunsPerUser)) {
      RunPermitsWorkflow gate = client.newWorkflowStub(RunPermitsWorkflow.class, startOptions());
      io.temporal.client.BatchRequest caps = client.newSignalWithStartRequest();
      caps.add(gate::run, RunPermitsState.initial(maxRuns, maxRunsPerUser));
      caps.add(gate::configure, maxRuns, maxRunsPerUser);
      client.signalWithStart(caps);
      return;
    }
    try {
      client
          .newWorkflowStub(RunPermitsWorkflow.class, RunPermitsWorkflow.ID)
          .configure(maxRuns, maxRunsPerUser);
    } catch (RuntimeException noGate) {
      // caps off and no gate: nothing to do
    }
  }
}
