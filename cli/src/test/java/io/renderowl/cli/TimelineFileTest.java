package io.renderowl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderowl.workflows.timeline.ClipDocument;
import io.renderowl.workflows.timeline.TimelineDocument;
import io.renderowl.workflows.timeline.TimelineValidator;
import io.renderowl.workflows.timeline.TrackDocument;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimelineFileTest {

  @Test
  void clipsThatAbutInTheFileStillAbutInWholeMilliseconds() {
    // Rounded separately (as DECIMAL(10,3) columns would), a's start 1.667 + duration 1.667 ends
    // at 3.334, past b's start 3.333.
    ClipDocument a = new ClipDocument("a", "text", 5 / 3.0, 5 / 3.0, null, Map.of("text", "A"));
    ClipDocument b = new ClipDocument("b", "text", 10 / 3.0, 5 / 3.0, null, Map.of("text", "B"));
    TimelineDocument doc =
        new TimelineDocument(
            null,
            "thirds",
            320,
            240,
            30,
            "#000000",
            "none",
            5.0,
            List.of(new TrackDocument("t", "captions", "text", 0, true, List.of(a, b))));

    TimelineDocument stored = TimelineFile.inMilliseconds(doc);

    List<ClipDocument> clips = stored.tracks().getFirst().clips();
    assertThat(clips.get(0).startTime()).isEqualTo(1.667);
    assertThat(clips.get(0).duration()).isEqualTo(1.666);
    assertThat(clips.get(1).startTime()).isEqualTo(3.333);
    assertThat(clips.get(0).endTime()).isEqualTo(clips.get(1).startTime());
    assertThat(TimelineValidator.problems(stored)).isEmpty();
  }
}
