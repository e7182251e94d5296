package io.renderowl.activities;

import io.renderowl.workflows.timeline.ClipDocument;
import io.renderowl.workflows.timeline.TimelineDocument;
import io.renderowl.workflows.timeline.TrackDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Adapter over the renderer's timeline validation: every problem of a timeline, one line each,
 * naming the track and clip. (Until the render engine's structural validator is merged, this
 * checks what the chunked render itself relies on.)
 */
final class TimelineProblems {
  private static final Set<String> TRACK_TYPES = Set.of("video", "audio", "text", "image", "effect");

  private TimelineProblems() {}

  static List<String> of(TimelineDocument t) {
    List<String> problems = new ArrayList<>();
    if (t.width() <= 0 || t.height() <= 0 || t.width() % 2 != 0 || t.height() % 2 != 0) {
      problems.add("resolution must be positive and even (got " + t.width() + "x" + t.height() + ")");
    }
    if (t.fps() <= 0) {
      problems.add("fps must be positive (got " + t.fps() + ")");
    }
    if (!(t.durationSeconds() > 0)) {
      problems.add("duration must be positive (got " + t.durationSeconds() + ")");
    }
    for (TrackDocument track : t.tracks()) {
      String where = "track '" + track.name() + "'";
      if (!TRACK_TYPES.contains(track.type())) {
        problems.add(where + ": unknown type '" + track.type() + "'");
      }
      for (ClipDocument clip : track.clips()) {
        String at = where + " clip " + clip.id();
        if (!(clip.duration() > 0)) {
          problems.add(at + ": duration must be positive (got " + clip.duration() + ")");
        }
        if (clip.startTime() < 0) {
          problems.add(at + ": start_time must not be negative (got " + clip.startTime() + ")");
        }
        if (t.durationSeconds() > 0 && clip.endTime() > t.durationSeconds() + 1e-6) {
          problems.add(at + ": ends at " + clip.endTime() + " s, past the timeline's " + t.durationSeconds() + " s");
        }
      }
    }
    return problems;
  }
}
