package io.renderowl.cli.faults;

import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run's activities went through, read from the Temporal histories of the run and its child
 * workflows: the attempts beyond the first of each activity that finally ran (the history records
 * only an activity's last attempt, with its number) and the activities whose last attempt failed or
 * timed out.
 */
record ActivityAttempts(int retries, List<String> retried, List<String> failedForGood) {

  static ActivityAttempts of(WorkflowClient client, String workflowId) {
    int retries = 0;
    List<String> retried = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    Deque<String> workflows = new ArrayDeque<>(List.of(workflowId));
    while (!workflows.isEmpty()) {
      String id = workflows.pop();
      Map<Long, String> types = new HashMap<>();
      for (HistoryEvent e : client.fetchHistory(id).getEvents()) {
        if (e.hasActivityTaskScheduledEventAttributes()) {
          types.put(
              e.getEventId(),
              e.getActivityTaskScheduledEventAttributes().getActivityType().getName());
        } else if (e.hasActivityTaskStartedEventAttributes()) {
          var started = e.getActivityTaskStartedEventAttributes();
          if (started.getAttempt() > 1) {
            retries += started.getAttempt() - 1;
            retried.add(
                types.get(started.getScheduledEventId()) + " attempt " + started.getAttempt());
          }
        } else if (e.hasActivityTaskFailedEventAttributes()) {
          var f = e.getActivityTaskFailedEventAttributes();
          failed.add(
              types.get(f.getScheduledEventId()) + " failed: " + f.getFailure().getMessage());
        } else if (e.hasActivityTaskTimedOutEventAttributes()) {
          var t = e.getActivityTaskTimedOutEventAttributes();
          failed.add(
              types.get(t.getScheduledEventId()) + " timed out: " + t.getFailure().getMessage());
        } else if (e.hasChildWorkflowExecutionStartedEventAttributes()) {
          workflows.add(
              e.getChildWorkflowExecutionStartedEventAttributes()
                  .getWorkflowExecution()
                  .getWorkflowId());
        }
      }
    }
    return new ActivityAttempts(retries, List.copyOf(retried), List.copyOf(failed));
  }
}
