package io.renderowl.workflows.timeline;

/**
 * One thing wrong with a timeline document.
 *
 * @param trackId the offending track's id, null when the problem is with the timeline itself
 * @param trackName that track's name, null with trackId
 * @param clipId the offending clip's id, null when the problem is with the track or timeline
 * @param message what is wrong, naming the field and the value found
 */
public record TimelineProblem(String trackId, String trackName, String clipId, String message) {

  static TimelineProblem ofTimeline(String message) {
    return new TimelineProblem(null, null, null, message);
  }

  static TimelineProblem ofTrack(TrackDocument track, String message) {
    return new TimelineProblem(track.id(), track.name(), null, message);
  }

  static TimelineProblem ofClip(TrackDocument track, ClipDocument clip, String message) {
    return new TimelineProblem(track.id(), track.name(), clip.id(), message);
  }

  /** e.g. {@code track 'Scenes' (t1), clip c7: duration must be > 0 (got 0.0)}. */
  @Override
  public String toString() {
    StringBuilder where = new StringBuilder();
    if (trackId != null || trackName != null) {
      where.append("track '").append(trackName).append("' (").append(trackId).append(")");
    } else {
      where.append("timeline");
    }
    if (clipId != null) {
      where.append(", clip ").append(clipId);
    }
    return where + ": " + message;
  }
}
