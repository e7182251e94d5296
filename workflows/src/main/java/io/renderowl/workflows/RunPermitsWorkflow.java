package io.renderowl.workflows;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Fair concurrency: one long-running workflow (id {@link #ID}) that hands out run permits. The
 * starter of a pipeline run signals {@link #acquire} right after starting it (the run asks itself
 * when no permit came after a while), the run waits for its {@code permitGranted} signal and
 * signals {@link #release} when it ends. At most {@code maxRuns} runs hold a permit at once, at
 * most {@code maxRunsPerUser} of one user, and waiting users are served in turn (round robin), so
 * one user's 10,000-row batch does not starve another user's single run.
 */
@WorkflowInterface
public interface RunPermitsWorkflow {

  /** The one gate's workflow id. */
  String ID = "renderowl-run-permits";

  /** Memo key a starter sets (true) on a run that must wait for a permit before its stages. */
  String PERMIT_MEMO = "renderowl-permit";

  @WorkflowMethod
  void run(RunPermitsState state);

  @SignalMethod
  void acquire(String runId, String userId);

  @SignalMethod
  void release(String runId);

  /** New caps (0 = no cap); waiting runs are granted at once if the caps allow. */
  @SignalMethod
  void configure(int maxRuns, int maxRunsPerUser);

  @QueryMethod
  RunPermitsState state();
}
