package io.renderowl.workflows;

/**
 * A finished render.
 *
 * @param renderId renders.id
 * @param storageKey object key of the MP4 in the render bucket
 * @param bytes size of the MP4
 * @param frames video frames written
 * @param durationSeconds video duration
 */
public record RenderResult(
    String renderId, String storageKey, long bytes, long frames, double durationSeconds) {

  /** Object key of the poster JPEG stored next to the MP4 at {@code videoKey}. */
  public static String posterKeyOf(String videoKey) {
    return videoKey.endsWith(".mp4")
        ? videoKey.substring(0, videoKey.length() - 4) + ".jpg"
        : videoKey + ".jpg";
  }
}
