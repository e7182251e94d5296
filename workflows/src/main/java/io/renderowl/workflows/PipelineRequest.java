package io.renderowl.workflows;

import java.util.List;

/**
 * What one pipeline run should produce.
 *
 * @param userId the user the run belongs to (users.id); every run has one
 * @param topic what the video is about
 * @param aspect output aspect (and resolution)
 * @param durationSeconds target length of the video in seconds
 * @param voice voice name understood by the voice provider (espeak-ng: a language/voice such as "en")
 * @param platforms where to publish ("local-folder" offline)
 * @param requestKey idempotency key: the same user, options and key give the same run id
 */
public record PipelineRequest(
    String userId,
    String topic,
    Aspect aspect,
    int durationSeconds,
    String voice,
    List<String> platforms,
    String requestKey) {

  public static final int MIN_DURATION = 10;
  public static final int MAX_DURATION = 600;
  public static final int MAX_TOPIC_LENGTH = 500;

  public PipelineRequest {
    platforms = platforms == null ? List.of() : List.copyOf(platforms);
    requestKey = requestKey == null ? "" : requestKey;
  }
}
