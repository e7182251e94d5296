package io.renderowl.activities.storage;

/** Where the pipeline keeps its objects in the bucket. */
public final class ObjectKeys {
  private ObjectKeys() {}

  public static String sceneAsset(String runId, int sceneIndex, String name) {
    return "runs/" + runId + "/scenes/" + sceneIndex + "/" + name;
  }

  /** Subtitles beside the video: runs/{runId}/captions.srt or .vtt. */
  public static String captions(String runId, String format) {
    return "runs/" + runId + "/captions." + format;
  }

  /** The run's generated music bed: runs/{runId}/music-{mood}.wav. */
  public static String generatedMusic(String runId, String mood) {
    return "runs/" + runId + "/music-" + mood + ".wav";
  }

  public static String render(String runId, String renderId) {
    return "runs/" + runId + "/renders/" + renderId + ".mp4";
  }

  /** The poster JPEG next to the render's MP4. */
  public static String poster(String runId, String renderId) {
    return io.renderowl.workflows.RenderResult.posterKeyOf(render(runId, renderId));
  }

  /**
   * The folder of the render's intermediates (chunks, their segments, the audio track), deleted
   * once the render has ended; the video and its poster are beside it, not in it.
   */
  public static String renderIntermediates(String runId, String renderId) {
    return "runs/" + runId + "/renders/" + renderId + "/";
  }

  /** The render's whole audio track, encoded once. */
  public static String renderAudio(String runId, String renderId) {
    return renderIntermediates(runId, renderId) + "audio.m4a";
  }

  /** A video chunk; the frame range is part of the key, so a different cut never reuses it. */
  public static String chunk(
      String runId, String renderId, int index, long firstFrame, long frameCount, String encoder) {
    return renderIntermediates(runId, renderId)
        + "chunks/"
        + index
        + "-"
        + firstFrame
        + "+"
        + frameCount
        + "-"
        + encoder
        + ".mp4";
  }
}
