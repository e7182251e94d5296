package io.renderowl.activities.timeline;

import io.renderowl.workflows.timeline.ClipDocument;
import io.renderowl.workflows.timeline.TimelineDocument;
import io.renderowl.workflows.timeline.TrackDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Subtitle files from a timeline: the caption (text) clips' word timings grouped into cues of at
 * most {@value #MAX_WORDS} words or {@value #MAX_CHARS} characters, a cue ending at a sentence end;
 * a clip without word timings is one cue. Exported as SRT and WebVTT.
 */
final class Captions {
  static final int MAX_WORDS = 7;
  static final int MAX_CHARS = 42;

  /** One subtitle: from/to in seconds on the video's clock. */
  record Cue(double start, double end, String text) {}

  private Captions() {}

  static List<Cue> cues(TimelineDocument timeline) {
    List<Cue> cues = new ArrayList<>();
    for (TrackDocument track : timeline.tracks()) {
      if (!track.type().equals("text")) {
        continue;
      }
      for (ClipDocument clip : track.clips()) {
        Object words = clip.content().get("words");
        if (words instanceof List<?> list && !list.isEmpty()) {
          List<String> group = new ArrayList<>();
          double start = 0;
          double end = 0;
          for (Object o : list) {
            Map<?, ?> w = (Map<?, ?>) o;
            String text = String.valueOf(w.get("text"));
            double ws = ((Number) w.get("start")).doubleValue();
            double we = ((Number) w.get("end")).doubleValue();
            if (group.isEmpty()) {
              start = ws;
            }
            group.add(text);
            end = we;
            boolean full =
                group.size() >= MAX_WORDS || String.join(" ", group).length() >= MAX_CHARS;
            if (full || text.matches(".*[.!?]$")) {
              cues.add(
                  new Cue(
                      clip.startTime() + start, clip.startTime() + end, String.join(" ", group)));
              group.clear();
            }
          }
          if (!group.isEmpty()) {
            cues.add(
                new Cue(clip.startTime() + start, clip.startTime() + end, String.join(" ", group)));
          }
        } else {
          cues.add(
              new Cue(
                  clip.startTime(),
                  clip.startTime() + clip.duration(),
                  String.valueOf(clip.content().get("text"))));
        }
      }
    }
    cues.sort(java.util.Comparator.comparingDouble(Cue::start));
    return cues;
  }

  static String srt(List<Cue> cues) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < cues.size(); i++) {
      Cue c = cues.get(i);
      out.append(i + 1)
          .append('\n')
          .append(time(c.start(), ','))
          .append(" --> ")
          .append(time(c.end(), ','))
          .append('\n')
          .append(c.text())
          .append("\n\n");
    }
    return out.toString();
  }

  static String vtt(List<Cue> cues) {
    StringBuilder out = new StringBuilder("WEBVTT\n\n");
    for (Cue c : cues) {
      out.append(time(c.start(), '.'))
          .append(" --> ")
          .append(time(c.end(), '.'))
          .append('\n')
          .append(c.text())
          .append("\n\n");
    }
    return out.toString();
  }

  /** hh:mm:ss,mmm (SRT) or hh:mm:ss.mmm (WebVTT). */
  static String time(double seconds, char separator) {
    long ms = Math.round(seconds * 1000);
    return String.format(
        Locale.ROOT,
        "%02d:%02d:%02d%c%03d",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        separator,
        ms % 1000);
  }
}
