package io.renderowl.infra.pipeline;

import io.renderowl.workflows.timeline.TimelineProblem;
import java.util.List;

/** An edit of a timeline that was refused; nothing was changed. */
@SuppressWarnings("serial") // never Java-serialized; only its message travels
public final class TimelineEditException extends RuntimeException {

  /** Why an edit was refused. */
  public enum Reason {
    /** The timeline, track, clip or project does not exist or belongs to another user. */
    NOT_FOUND,
    /** The edit would make the timeline invalid: {@link #problems()} lists each problem. */
    INVALID,
    /** The version the edit was based on is not the current one. */
    STALE_VERSION,
    /** The edit touches a locked track. */
    TRACK_LOCKED,
    /** A render of the timeline is queued or running. */
    RENDERING
  }

  private final Reason reason;
  private final List<TimelineProblem> problems;

  public TimelineEditException(Reason reason, String message) {
    this(reason, message, List.of());
  }

  public TimelineEditException(Reason reason, String message, List<TimelineProblem> problems) {
    super(message, null, false, false);
    this.reason = reason;
    this.problems = List.copyOf(problems);
  }

  public Reason reason() {
    return reason;
  }

  public List<TimelineProblem> problems() {
    return problems;
  }
}
