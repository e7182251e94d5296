package io.renderowl.workflows.timeline;

import java.util.List;
import java.util.stream.Collectors;

/** A timeline that cannot be rendered, with every problem found in it. */
@SuppressWarnings("serial") // never Java-serialized; only its message travels
public final class InvalidTimelineException extends IllegalArgumentException {

  private final transient List<TimelineProblem> problems;

  public InvalidTimelineException(String timelineName, List<TimelineProblem> problems) {
    super(
        "timeline '"
            + timelineName
            + "' has "
            + problems.size()
            + " problem"
            + (problems.size() == 1 ? "" : "s")
            + ":\n"
            + problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<TimelineProblem> problems() {
    return problems;
  }
}
