package io.renderowl.workflows;

import java.util.List;
import java.util.Map;

/**
 * The permit gate's state, carried across continue-as-new.
 *
 * @param maxRuns permits at once, all users (0 = no cap)
 * @param maxRunsPerUser permits at once per user (0 = no cap)
 * @param waiting run ids waiting, per user, users in their turn order
 * @param holding run id to user, for runs that hold a permit
 */
public record RunPermitsState(
    int maxRuns,
    int maxRunsPerUser,
    Map<String, List<String>> waiting,
    Map<String, String> holding) {

  public RunPermitsState {
    waiting = waiting == null ? Map.of() : waiting;
    holding = holding == null ? Map.of() : holding;
  }

  public static RunPermitsState initial(int maxRuns, int maxRunsPerUser) {
    return new RunPermitsState(maxRuns, maxRunsPerUser, Map.of(), Map.of());
  }

  public int waitingCount() {
    return waiting.values().stream().mapToInt(List::size).sum();
  }
}
