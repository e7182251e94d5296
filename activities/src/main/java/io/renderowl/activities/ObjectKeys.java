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
}
