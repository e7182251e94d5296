package io.renderowl.workflows;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What an operator reads about a run in the Temporal UI besides its hashed id: where it came from
 * (a bulk batch or an autopilot channel, from its request key), its memo and its one-line summary.
 */
public final class RunLabels {
  /** Memo key of the run's topic. */
  public static final String MEMO_TOPIC = "topic";

  /** Memo key of the video's title (set once the script is written). */
  public static final String MEMO_TITLE = "title";

  private static final int SUMMARY_TOPIC_CHARS = 80;

  private RunLabels() {}

  /** {@code batch}, {@code channel} or {@code request} (API, CLI). */
  public static String origin(String requestKey) {
    if (batchId(requestKey).isPresent()) {
      return "batch";
    }
    return channelId(requestKey).isPresent() ? "channel" : "request";
  }

  /** The bulk batch a run belongs to ({@code batch:<id>:<line>} keys). */
  public static Optional<String> batchId(String requestKey) {
    return part(requestKey, "batch:");
  }

  /** The autopilot channel a run belongs to ({@code channel:<id>:<topic key>} keys). */
  public static Optional<String> channelId(String requestKey) {
    return part(requestKey, "channel:");
  }

  private static Optional<String> part(String requestKey, String prefix) {
    if (requestKey == null || !requestKey.startsWith(prefix)) {
      return Optional.empty();
    }
    int end = requestKey.indexOf(':', prefix.length());
    String id = end < 0 ? "" : requestKey.substring(prefix.length(), end);
    return id.isBlank() ? Optional.empty() : Optional.of(id);
  }

  /** The run's memo at start: its topic (the title follows once the script is written). */
  public static Map<String, Object> memo(PipelineRequest request) {
    Map<String, Object> memo = new LinkedHashMap<>();
    memo.put(MEMO_TOPIC, request.topic().strip());
    return memo;
  }

  /**
   * The workflow's static summary (Temporal's user metadata, shown in the UI's list and detail),
   * e.g. {@code Video "Why the sky is blue" 16:9 30 s -> local-folder (batch 1f3e…)}.
   */
  public static String summary(PipelineRequest request) {
    String topic = request.topic().strip();
    if (topic.length() > SUMMARY_TOPIC_CHARS) {
      topic = topic.substring(0, SUMMARY_TOPIC_CHARS - 1) + "…";
    }
    StringBuilder s =
        new StringBuilder("Video \"")
            .append(topic)
            .append("\" ")
            .append(request.aspect() == null ? "" : request.aspect().label() + " ")
            .append(request.durationSeconds())
            .append(" s");
    if (!request.platforms().isEmpty()) {
      s.append(" -> ").append(String.join(", ", request.platforms()));
    }
    batchId(request.requestKey()).ifPresent(b -> s.append(" (batch ").append(b).append(')'));
    channelId(request.requestKey()).ifPresent(c -> s.append(" (channel ").append(c).append(')'));
    return s.toString();
  }

  /** Summary of a run's render child or of a render started on its own. */
  public static String renderSummary(String runId, String timelineId) {
    return "Render of " + runId + " (timeline " + timelineId + ")";
  }
}
