package io.renderowl.activities;

/** Where the pipeline keeps its objects in the bucket. */
final class ObjectKeys {
  private ObjectKeys() {}

  static String sceneAsset(String runId, int sceneIndex, String name) {
    return "runs/" + runId + "/scenes/" + sceneIndex + "/" + name;
  }

  /** Subtitles beside the video: runs/{runId}/captions.srt or .vtt. */
  static String captions(String runId, String format) {
    return "runs/" + runId + "/captions." + format;
  }

  static String render(String runId, String renderId) {
    return "runs/" + runId + "/renders/" + renderId + ".mp4";
  }

  /** The poster JPEG next to the render's MP4. */
  static String poster(String runId, String renderId) {
    return io.renderowl.workflows.RenderResult.posterKeyOf(render(runId, renderId));
  }

  /** The render's whole audio track, encoded once. */
  static String renderAudio(String runId, String renderId) {
    return "runs/" + runId + "/renders/" + renderId + "/audio.m4a";
  }

  /** A video chunk; the frame range is part of the key, so a different cut never reuses it. */
  static String chunk(String runId, String renderId, int index, long firstFrame, long frameCount, String encoder) {
    return "runs/" + runId + "/renders/" + renderId + "/chunks/" + index + "-" + firstFrame + "+" + frameCount + "-" + encoder + ".mp4";
  }
}
