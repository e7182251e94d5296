package io.renderowl.workflows.internal;

import io.renderowl.workflows.RunPermitsState;
import io.renderowl.workflows.RunPermitsWorkflow;
import io.renderowl.workflows.VideoPipelineWorkflow;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** See {@link RunPermitsWorkflow}. Continues as new every few hundred events. */
public class RunPermitsWorkflowImpl implements RunPermitsWorkflow {
  /**
   * A process that starts replays the gate's whole history when it first runs the gate's task (the
   * signal every owl command sends as it starts), and a run's permit waits for that: 0.2-0.4 s for
   * 2,100-2,500 events on a fresh JVM (`owl demo`, 2 cores). Each command adds about 17 events.
   */
  public static final int CONTINUE_AS_NEW_AFTER_EVENTS = 500; // public: infra's dev-server test

  /** What gates started before {@link #SHORTER_HISTORIES} continued as new after. */
  static final int CONTINUE_AS_NEW_AFTER_EVENTS_BEFORE = 4000;

  /**
   * The change from {@link #CONTINUE_AS_NEW_AFTER_EVENTS_BEFORE} to {@link
   * #CONTINUE_AS_NEW_AFTER_EVENTS} events (2026-12-05): a gate that ran before it keeps continuing
   * as new where its history says it did, so that its replay stays deterministic; its next run uses
   * the shorter history.
   */
  static final String SHORTER_HISTORIES = "continue-as-new-after-500-events";

  private int maxRuns;
  private int maxRunsPerUser;
  private final LinkedHashMap<String, LinkedHashSet<String>> waiting = new LinkedHashMap<>();
  private final LinkedHashMap<String, String> holding = new LinkedHashMap<>();
  private final Map<String, Integer> heldByUser = new LinkedHashMap<>();
  private boolean changed;

  /** The grants signalled whose delivery the server has not confirmed yet. */
  private final List<Promise<Void>> granting = new ArrayList<>();

  @Override
  public void run(RunPermitsState state) {
    maxRuns = state.maxRuns();
    maxRunsPerUser = state.maxRunsPerUser();
    state.waiting().forEach((user, runs) -> waiting.put(user, new LinkedHashSet<>(runs)));
    state.holding().forEach((run, user) -> hold(run, user));
    changed = true;
    while (true) {
      Workflow.await(() -> changed);
      changed = false;
      grant();
      granting.removeIf(Promise::isCompleted);
      if (Workflow.getInfo().getHistoryLength() > continueAsNewAfterEvents()) {
        // Every grant must reach its run first: the server drops a signal still in flight when
        // its sender continues as new, and that run waited ASK_AGAIN_AFTER (5 min) to ask again.
        while (true) {
          Workflow.await(() ->
              Workflow.isEveryHandlerFinished()
                  && (changed || granting.stream().allMatch(Promise::isCompleted)));
          if (!changed) {
            break;
          }
          changed = false;
          grant();
        }
        Workflow.continueAsNew(state());
      }
    }
  }

  @Override
  public void acquire(String runId, String userId) {
    if (holding.containsKey(runId)) {
      signalGranted(runId); // asked again (e.g. after a reset): it already holds one
      return;
    }
    waiting
        .computeIfAbsent(userId, u -> new LinkedHashSet<>())
        .add(runId); // a repeated ask keeps its place
    changed = true;
  }

  @Override
  public void release(String runId) {
    String user = holding.remove(runId);
    if (user != null) {
      heldByUser.merge(user, -1, Integer::sum);
    } else {
      waiting.values().forEach(q -> q.remove(runId));
    }
    changed = true;
  }

  @Override
  public void configure(int maxRuns, int maxRunsPerUser) {
    this.maxRuns = maxRuns;
    this.maxRunsPerUser = maxRunsPerUser;
    changed = true;
  }

  private static int continueAsNewAfterEvents() {
    return Workflow.getVersion(SHORTER_HISTORIES, Workflow.DEFAULT_VERSION, 1)
            == Workflow.DEFAULT_VERSION
        ? CONTINUE_AS_NEW_AFTER_EVENTS_BEFORE
        : CONTINUE_AS_NEW_AFTER_EVENTS;
  }

  @Override
  public RunPermitsState state() {
    Map<String, List<String>> w = new LinkedHashMap<>();
    waiting.forEach((user, q) -> {
      if (!q.isEmpty()) {
        w.put(user, new ArrayList<>(q));
      }
    });
    return new RunPermitsState(maxRuns, maxRunsPerUser, w, new LinkedHashMap<>(holding));
  }

  /** Grants while the caps allow, one run per waiting user in turn. */
  private void grant() {
    boolean granted = true;
    while (granted && (maxRuns == 0 || holding.size() < maxRuns)) {
      granted = false;
      Iterator<Map.Entry<String, LinkedHashSet<String>>> users = waiting.entrySet().iterator();
      List<String> served = new ArrayList<>();
      while (users.hasNext() && (maxRuns == 0 || holding.size() < maxRuns)) {
        Map.Entry<String, LinkedHashSet<String>> e = users.next();
        String user = e.getKey();
        if (e.getValue().isEmpty()) {
          users.remove();
          continue;
        }
        if (maxRunsPerUser > 0 && heldByUser.getOrDefault(user, 0) >= maxRunsPerUser) {
          continue;
        }
        String runId = e.getValue().removeFirst();
        hold(runId, user);
        signalGranted(runId);
        served.add(user);
        granted = true;
      }
      // Users just served go to the back of the line.
      for (String user : served) {
        LinkedHashSet<String> q = waiting.remove(user);
        if (q != null && !q.isEmpty()) {
          waiting.put(user, q);
        }
      }
    }
  }

  private void hold(String runId, String user) {
    holding.put(runId, user);
    heldByUser.merge(user, 1, Integer::sum);
  }

  private void signalGranted(String runId) {
    VideoPipelineWorkflow run =
        Workflow.newExternalWorkflowStub(VideoPipelineWorkflow.class, runId);
    granting.add(
        Async.procedure(run::permitGranted)
            .exceptionally(failure -> {
              // The run is gone (terminated, or never existed): its permit goes back.
              release(runId);
              return null;
            }));
  }
}
